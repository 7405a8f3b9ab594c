/**
 * PackageBuilder side by side with pnpm and Turborepo, 4 builds at a time, in one run, on two workspaces: the
 * 22-package fixture and a generated 60-package workspace with a wide middle and a long tail (see
 * support/bench-workspaces). Each round runs `pnpm -r --workspace-concurrency=4 run build`, `turbo run build
 * --concurrency=4` (cache off) and Baton twice on each workspace, interleaved:
 * - `baton build --concurrency=4 --force`, the whole command as a user runs it (its own process, worker and client,
 *   reusing the embedded servers this process runs and publishes under BATON_HOME): what a user waits for, start-up
 *   included, the same way pnpm's and turbo's whole commands are timed;
 * - the PackageBuilder workflow alone, with its worker in this process and already running (progress recorded in
 *   PostgreSQL, 10 eager activity slots, cache off): from start to result, without Baton's start-up.
 * A warm-up round of every tool on each workspace runs first and is not counted (warm runs, as a user's second
 * build). Both Baton times are judged against the best of pnpm and turbo in the same round. Besides wall-clock and makespan / lower
 * bound (from the scripts' nominal durations), the bench reads the CPU time of every process from /proc: the build
 * scripts' (reaped children), and Baton's own (this process, the Temporal server, PostgreSQL) while the workflow
 * alone builds. Baton's CPU per package is held to 5% of the
 * script CPU per package of the real monorepo in issue 12 (the fixture's scripts mostly wait, so their own CPU is no
 * fair yardstick). Writes bench/results/package-builder.md and
 * a chart per workspace. Run: `npm run bench:package-builder` (BENCH_ROUNDS=N for other than 3 rounds).
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BatonClient, OrchestrationModule, installTemporalRuntime, orchestrationOptionsFor } from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import { PackageBuilderModule, PackageBuilderWorkflow, type BuildReport } from '@baton/package-builder';
import { formats, informative, judged, writeBenchReport, type MeasureRow } from './support/bench-report';
import { prepareBenchWorkspaces, type BenchWorkspace } from './support/bench-workspaces';
import { descendants, processCpu, treeCpuSeconds } from './support/process-cpu';
import { median } from './support/statistics';
import type { Chart } from './support/svg-chart';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 4;
const BIN = join(__dirname, '..', '..', 'node_modules', '.bin');
const TOOLS = ['pnpm', 'turbo', 'baton', 'batonCli'] as const;
/** The command line, compiled: `baton build`, run as a user runs it. */
const BATON_CLI = join(__dirname, '..', 'apps', 'cli', 'src', 'baton.main.js');
/** Build scripts' CPU per package on the real monorepo of issue 12 (252 s over 23 package builds). */
const REAL_SCRIPT_CPU_MS_PER_PACKAGE = 252_000 / 23;
type Tool = (typeof TOOLS)[number];
const TOOL_NAMES: Record<Tool, string> = {
  pnpm: `pnpm -r --workspace-concurrency=${CONCURRENCY} run build`,
  turbo: `turbo run build --concurrency=${CONCURRENCY} (cache off)`,
  baton: `Baton PackageBuilder workflow, concurrency ${CONCURRENCY} (worker running)`,
  batonCli: `baton build --concurrency ${CONCURRENCY} --force (whole command, servers running)`,
};

/** CPU seconds spent during one Baton build, by whom. */
interface BatonCpu {
  worker: number;
  temporal: number;
  postgres: number;
  scripts: number;
}

interface WorkspaceRuns {
  times: Record<Tool, number[]>;
  cpu: BatonCpu[];
  reports: BuildReport[];
}

async function timeCommand(command: string, args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  await run(command, args, {
    cwd,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', npm_config_package_manager_strict: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return performance.now() - started;
}

async function main(): Promise<void> {
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const infrastructure = await startInfrastructure();
  // Started before any build, so every process under this one now is the Temporal server's or PostgreSQL's.
  const beforeBuilds = descendants(process.pid);
  const servers = beforeBuilds.filter((entry) => !beforeBuilds.some((other) => other.pid === entry.parent));
  const postgres = servers.filter((server) => server.name.includes('postgres')).map((server) => server.pid);
  const temporal = servers.filter((server) => !postgres.includes(server.pid)).map((server) => server.pid);
  @Module({
    imports: [
      // As build-workspace runs it: progress in PostgreSQL, the only worker on its queue, 10 eager activity slots.
      OrchestrationModule.forRoot(
        orchestrationOptionsFor(infrastructure, {
          worker: { bundleCacheDir: join(process.cwd(), '.baton', 'bundles'), maxEagerActivityReservationsPerWorkflowTask: 10 },
        }),
      ),
      PackageBuilderModule.withWorkspaceRoots([tmpdir()]),
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const client = app.get(BatonClient);
  const workspaces = prepareBenchWorkspaces(CONCURRENCY);
  const runs = new Map<BenchWorkspace, WorkspaceRuns>(
    workspaces.map((workspace) => [workspace, { times: { pnpm: [], turbo: [], baton: [], batonCli: [] }, cpu: [], reports: [] }]),
  );
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + treeCpuSeconds(pid), 0);
  const snapshot = (): BatonCpu => {
    const own = processCpu(process.pid);
    return { worker: own.own, scripts: own.children, temporal: sum(temporal), postgres: sum(postgres) };
  };
  /** One round on one workspace: each tool once, in turn; recorded unless it is the warm-up. */
  const runRound = async (workspace: BenchWorkspace, record?: WorkspaceRuns): Promise<void> => {
    const pnpm = await timeCommand(join(BIN, 'pnpm'), ['-r', `--workspace-concurrency=${CONCURRENCY}`, 'run', 'build'], workspace.dir);
    const turbo = await timeCommand(
      join(BIN, 'turbo'),
      ['run', 'build', `--concurrency=${CONCURRENCY}`, '--no-daemon', '--output-logs=none'],
      workspace.dir,
    );
    const before = snapshot();
    const started = performance.now();
    // Cache off, like turbo's row: every round builds every package.
    const report = await client.execute<BuildReport>(PackageBuilderWorkflow, {
      workspace: workspace.dir,
      concurrency: CONCURRENCY,
      force: true,
    });
    const baton = performance.now() - started;
    const after = snapshot();
    if (report.totals.failed + report.totals.blocked > 0) throw new Error(`the Baton build of ${workspace.name} failed`);
    // Its own process, worker and client: it reuses the servers this process published under BATON_HOME.
    const batonCli = await timeCommand(
      process.execPath,
      [BATON_CLI, 'build', workspace.dir, `--concurrency=${CONCURRENCY}`, '--force', '--ui', 'plain'],
      workspace.dir,
    );
    if (record === undefined) return;
    for (const [tool, ms] of Object.entries({ pnpm, turbo, baton, batonCli }) as Array<[Tool, number]>) record.times[tool].push(ms);
    record.cpu.push({
      worker: after.worker - before.worker,
      temporal: after.temporal - before.temporal,
      postgres: after.postgres - before.postgres,
      scripts: after.scripts - before.scripts,
    });
    record.reports.push(report);
  };
  try {
    // A warm-up round, not counted: the file system cache for every tool, Baton's workflow bundle and compile caches,
    // and the build durations Baton plans with (a user's second build, not their first).
    for (const workspace of workspaces) await runRound(workspace);
    for (let round = 0; round < ROUNDS; round++) {
      for (const workspace of workspaces) await runRound(workspace, runs.get(workspace)!);
    }
  } finally {
    await app.close();
    await infrastructure.stop();
  }

  const rows: MeasureRow[] = [];
  const charts: Chart[] = [];
  for (const [workspace, { times, cpu, reports }] of runs) {
    for (const tool of ['batonCli', 'baton'] as const) {
      const perRound = times[tool].map((baton, round) => baton / Math.min(times.pnpm[round], times.turbo[round]));
      const what = tool === 'baton' ? 'the workflow (worker running)' : '`baton build`, whole command';
      rows.push(
        judged(
          `${workspace.name}: ${what} / best of pnpm and turbo`,
          median(perRound),
          { atMost: 0.95 },
          formats.ratio,
          `median of ${ROUNDS} rounds' ratios (${perRound.map(formats.ratio).join(', ')})`,
        ),
      );
    }
    for (const tool of TOOLS) {
      rows.push(
        informative(
          `${workspace.name}: ${TOOL_NAMES[tool]}, makespan / lower bound`,
          formats.ratio(median(times[tool]) / workspace.lowerBoundMs),
          `median ${formats.seconds(median(times[tool]))} (${times[tool].map(formats.seconds).join(', ')}); lower bound ` +
            `${formats.seconds(workspace.lowerBoundMs)} = max(critical path ${formats.seconds(workspace.criticalPathMs)}, ` +
            `work ${formats.seconds(workspace.totalWorkMs)} / ${CONCURRENCY})`,
        ),
      );
    }
    const total = (key: keyof BatonCpu) => cpu.reduce((sum, entry) => sum + entry[key], 0);
    const own = total('worker') + total('temporal') + total('postgres');
    rows.push(
      judged(
        `${workspace.name}: Baton's own CPU per package built`,
        (own / (ROUNDS * workspace.packages)) * 1000,
        { atMost: REAL_SCRIPT_CPU_MS_PER_PACKAGE * 0.05 },
        (ms) => `${ms.toFixed(0)} ms`,
        `5% of a real monorepo's script CPU per package (issue 12: 252 s over 23 package builds); worker and client ` +
          `${perPackage(total('worker'), workspace)}, Temporal server ${perPackage(total('temporal'), workspace)}, PostgreSQL ` +
          `${perPackage(total('postgres'), workspace)}`,
      ),
      informative(
        `${workspace.name}: Baton's own CPU / build scripts' CPU`,
        formats.share((own / total('scripts')) * 100),
        `over ${ROUNDS} builds: Baton ${own.toFixed(2)} s vs scripts ${total('scripts').toFixed(2)} s; the fixture's scripts ` +
          "mostly wait (3 ms of hashing per 20 ms), so this share is far above a real build's",
      ),
      informative(
        `${workspace.name}: Baton's own report, makespan / lower bound`,
        reports.map((report) => report.makespanRatio.toFixed(3)).join(', '),
        'per round, from the durations Baton measured around each package',
      ),
    );
    charts.push({
      kind: 'bars',
      id: workspace.name.split(' ')[0],
      title: `${workspace.name}: wall-clock per round, ${CONCURRENCY} at a time`,
      yLabel: 'seconds',
      groups: times.baton.map((_, round) => `round ${round + 1}`),
      series: [
        ...TOOLS.map((tool) => ({ name: tool, values: times[tool].map((ms) => ms / 1000) })),
        { name: 'lower bound', values: times.baton.map(() => workspace.lowerBoundMs / 1000) },
      ],
    });
  }
  writeBenchReport({
    name: 'package-builder',
    title: 'PackageBuilder benchmark',
    setting: `${ROUNDS} rounds, pnpm, turbo and Baton interleaved on each workspace, ${CONCURRENCY} builds at a time`,
    rows,
    charts,
    notes:
      'A warm-up round on each workspace runs first and is not counted, so every counted Baton round weights priority by ' +
      "the durations of earlier runs. Baton's " +
      "own CPU counts this process (worker and client) and the Temporal server's and PostgreSQL's process trees during " +
      "Baton's builds; the scripts' CPU is that of the processes this one reaped during them.",
  });
}

const perPackage = (seconds: number, workspace: BenchWorkspace) => `${((seconds / (ROUNDS * workspace.packages)) * 1000).toFixed(0)} ms`;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

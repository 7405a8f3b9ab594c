/**
 * PackageBuilder side by side with pnpm and Turborepo on the same 22-package fixture, 4 builds at a time, in one run:
 * `pnpm -r --workspace-concurrency=4 run build`, `turbo run build --concurrency=4` (cache off) and Baton's
 * PackageBuilder workflow, interleaved over 3 rounds. Prints a table and writes bench/results/package-builder.md.
 * Run: `npm run bench:package-builder`.
 *
 * Baton's time is the workflow's, from start to result (planning and report included), with a worker already
 * running, as in production; pnpm's and turbo's are their whole commands.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BatonClient, OrchestrationModule, installTemporalRuntime } from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import { PackageBuilderModule, PackageBuilderWorkflow, type BuildReport } from '@baton/package-builder';

const run = promisify(execFile);
const ROUNDS = 3;
const CONCURRENCY = 4;
const BIN = join(__dirname, '..', '..', 'node_modules', '.bin');

/**
 * A copy of the fixture that pnpm and turbo can read too: pnpm wants pnpm-workspace.yaml (and is told not to insist
 * on being the declared package manager), turbo a turbo.json and a packageManager field (the fixture's npm).
 */
function prepareWorkspace(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'baton-bench-')), 'package-builder');
  cpSync(join(__dirname, '..', '..', 'examples', 'package-builder'), root, { recursive: true });
  const workspace = join(root, 'monorepo');
  writeFileSync(join(workspace, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n");
  writeFileSync(join(workspace, 'turbo.json'), JSON.stringify({ tasks: { build: { dependsOn: ['^build'], outputs: [], cache: false } } }));
  const manifest = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8')) as Record<string, unknown>;
  const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  writeFileSync(join(workspace, 'package.json'), JSON.stringify({ ...manifest, packageManager: `npm@${npmVersion}` }, null, 2));
  return workspace;
}

async function timeCommand(command: string, args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  await run(join(BIN, command), args, {
    cwd,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', npm_config_package_manager_strict: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return performance.now() - started;
}

async function main(): Promise<void> {
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const infrastructure = await startInfrastructure();
  @Module({
    imports: [
      OrchestrationModule.forRoot({
        temporal: infrastructure.temporal,
        worker: { bundleCacheDir: join(process.cwd(), '.baton', 'bundles') },
      }),
      PackageBuilderModule.withWorkspaceRoots([tmpdir()]),
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const client = app.get(BatonClient);
  const workspace = prepareWorkspace();
  const times: Record<'baton' | 'pnpm' | 'turbo', number[]> = { baton: [], pnpm: [], turbo: [] };
  const reports: BuildReport[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      times.pnpm.push(await timeCommand('pnpm', ['-r', `--workspace-concurrency=${CONCURRENCY}`, 'run', 'build'], workspace));
      times.turbo.push(
        await timeCommand('turbo', ['run', 'build', `--concurrency=${CONCURRENCY}`, '--no-daemon', '--output-logs=none'], workspace),
      );
      const started = performance.now();
      // Cache off, like turbo's row: every round builds every package.
      const report = await client.execute<BuildReport>(PackageBuilderWorkflow, { workspace, concurrency: CONCURRENCY, force: true });
      times.baton.push(performance.now() - started);
      if (report.totals.failed + report.totals.blocked > 0) throw new Error('the Baton build failed');
      reports.push(report);
    }
  } finally {
    await app.close();
    await infrastructure.stop();
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const bestOther = Math.min(median(times.pnpm), median(times.turbo));
  const last = reports[reports.length - 1];
  const rows = [
    ['pnpm -r --workspace-concurrency=4 run build', seconds(median(times.pnpm)), times.pnpm.map(seconds).join(', ')],
    ['turbo run build --concurrency=4 (cache off)', seconds(median(times.turbo)), times.turbo.map(seconds).join(', ')],
    ['Baton PackageBuilder, concurrency 4', seconds(median(times.baton)), times.baton.map(seconds).join(', ')],
  ];
  const ratios = reports.map((report) => report.makespanRatio.toFixed(3));
  const report =
    `# PackageBuilder benchmark\n\nMeasured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}: ` +
    `the 22-package fixture (examples/package-builder/monorepo), 4 builds at a time, ${ROUNDS} interleaved rounds.\n\n` +
    `| Command | Median | Runs |\n| --- | --- | --- |\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n\n` +
    `- Baton / best of pnpm and turbo: **${(median(times.baton) / bestOther).toFixed(3)}** (target ≤ 1.00)\n` +
    `- Baton makespan / lower bound per round: ${ratios.join(', ')} (target ≤ 1.10); last round: makespan ${seconds(last.makespanMs)}, ` +
    `lower bound ${seconds(last.lowerBoundMs)}, critical path ${last.criticalPath.packages.join(' → ')} ` +
    `(${seconds(last.criticalPath.durationMs)}), ` +
    `utilisation ${(last.utilisation * 100).toFixed(1)}%\n` +
    `- Round 1 of Baton plans by package count; later rounds weight priority by the durations of earlier runs.\n`;
  console.log(report);
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench', 'results', 'package-builder.md'), report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

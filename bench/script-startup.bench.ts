/**
 * How long a package script takes to start: N runs of two trivial scripts of one package, through `npm run <script>`,
 * `pnpm run <script>` and Baton's script runner (which runs `sh -c` with npm's environment, without starting npm),
 * interleaved.
 * `exit 0` is pure start-up; `node -e 0` adds the start of a Node tool, as most build scripts have. Prints the median
 * per script for each and their ratio, and writes bench/results/script-startup.md.
 * Run: `npm run bench:script-startup` (BENCH_RUNS=N to change the 30 runs).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runPackageScript, scriptEnvironment, type ScriptCommand } from '@baton/package-builder';
import { formats, informative, judged, writeBenchReport, type MeasureRow } from './support/bench-report';
import { median } from './support/statistics';

const execFileAsync = promisify(execFile);
const PNPM = join(__dirname, '..', '..', 'node_modules', '.bin', 'pnpm');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SCRIPTS = { noop: 'exit 0', node: 'node -e 0' };

function prepareWorkspace(): { root: string; packageDir: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'baton-script-bench-')));
  const packageDir = join(root, 'packages', 'app');
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-root', private: true, workspaces: ['packages/*'] }));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ name: '@bench/app', version: '1.0.0', scripts: SCRIPTS }));
  return { root, packageDir };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { root, packageDir } = prepareWorkspace();
  const env = scriptEnvironment(process.env);
  const rows: MeasureRow[] = [];
  const medians: Record<'npm' | 'pnpm' | 'baton', number[]> = { npm: [], pnpm: [], baton: [] };
  try {
    for (const script of Object.keys(SCRIPTS)) {
      const command: ScriptCommand = {
        packageName: '@bench/app',
        packageDir,
        workspaceRoot: root,
        script,
        packageManager: 'npm',
        timeoutMs: 60_000,
      };
      const times = { npm: [] as number[], pnpm: [] as number[], baton: [] as number[] };
      const npmRun = () => execFileAsync('npm', ['run', script], { cwd: packageDir, env });
      const pnpmRun = () => execFileAsync(PNPM, ['run', script], { cwd: packageDir, env });
      // One warm-up each: the page cache, and the runner's one look-up of npm on PATH.
      await npmRun();
      await pnpmRun();
      await runPackageScript(command);
      for (let round = 0; round < RUNS; round++) {
        times.npm.push(await timed(npmRun));
        times.pnpm.push(await timed(pnpmRun));
        times.baton.push(
          await timed(async () => {
            const run = await runPackageScript(command);
            if (run.exitCode !== 0) throw new Error(`"${script}" failed under Baton's runner:\n${run.outputTail}`);
          }),
        );
      }
      const [npm, pnpm, baton] = [median(times.npm), median(times.pnpm), median(times.baton)];
      medians.npm.push(npm);
      medians.pnpm.push(pnpm);
      medians.baton.push(baton);
      const label = `\`${SCRIPTS[script as keyof typeof SCRIPTS]}\``;
      rows.push(
        judged(
          `${label}: Baton runner / \`pnpm run\``,
          baton / pnpm,
          { atMost: 1 },
          formats.ratio,
          `${formats.ms(baton)} vs ${formats.ms(pnpm)}`,
        ),
        informative(`${label}: \`npm run\` / Baton runner`, formats.times(npm / baton), `${formats.ms(npm)} vs ${formats.ms(baton)}`),
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  writeBenchReport({
    name: 'script-startup',
    title: 'Script start-up benchmark',
    setting: `median of ${RUNS} interleaved runs per script, one package in an npm workspace`,
    rows,
    charts: [
      {
        kind: 'bars',
        id: 'startup',
        title: 'Script start-up, median',
        yLabel: 'ms',
        groups: Object.values(SCRIPTS),
        series: [
          { name: 'npm run', values: medians.npm },
          { name: 'pnpm run', values: medians.pnpm },
          { name: 'Baton runner', values: medians.baton },
        ],
      },
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

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

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { root, packageDir } = prepareWorkspace();
  const env = scriptEnvironment(process.env);
  const rows: string[][] = [];
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
      const ms = (value: number): string => `${value.toFixed(1)} ms`;
      const ratio = (value: number): string => `${(value / baton).toFixed(1)}×`;
      rows.push([`\`${SCRIPTS[script as keyof typeof SCRIPTS]}\``, ms(npm), ms(pnpm), ms(baton), ratio(npm), ratio(pnpm)]);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const report =
    `# Script start-up benchmark\n\nMeasured ${new Date().toISOString()} on ${process.platform}/${process.arch}, ` +
    `Node ${process.version}: median of ${RUNS} interleaved runs per script, one package in an npm workspace.\n\n` +
    '| Script | `npm run` | `pnpm run` | Baton runner | npm / Baton | pnpm / Baton |\n| --- | --- | --- | --- | --- | --- |\n' +
    `${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`;
  console.log(report);
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench', 'results', 'script-startup.md'), report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

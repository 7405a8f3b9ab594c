/**
 * `baton build` start-up, warm: from starting the command to its first script, on a one-package workspace whose build
 * script records when it started (`date`). The embedded servers run already (this bench starts them, as
 * `npm run stack` would, under a BATON_HOME of its own), so each run reuses them; the first run, which also compiles
 * and caches the workflow bundle, is a warm-up and not counted. Prints the median of each phase `--verbose` reports
 * and of the total, the total against the 1 s target with PASS or MISS, and writes bench/results/cli-startup.md.
 * Run: `npm run bench:cli-startup` (BENCH_RUNS=N to change the 7 counted runs).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startInfrastructure } from '@baton/dev-stack';
import { loadInfrastructureConfig } from '@baton/orchestration';
import { formats, informative, judged, writeBenchReport } from './support/bench-report';
import { median } from './support/statistics';

const execFileAsync = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_MS = 1000;
const BATON = join(__dirname, '..', 'apps', 'cli', 'src', 'baton.main.js');

function prepareWorkspace(): { root: string; startedFile: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'baton-cli-startup-')));
  const packageDir = join(root, 'packages', 'app');
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-root', private: true, workspaces: ['packages/*'] }));
  writeFileSync(
    join(packageDir, 'package.json'),
    JSON.stringify({ name: '@bench/app', version: '1.0.0', scripts: { build: 'date +%s%3N > started.txt' } }),
  );
  return { root, startedFile: join(packageDir, 'started.txt') };
}

/** One `baton build --verbose`: its phases as it printed them, and the total as the script's own clock dates it. */
async function run(root: string, startedFile: string, env: NodeJS.ProcessEnv): Promise<Map<string, number>> {
  const startedAt = Date.now();
  const { stdout } = await execFileAsync(process.execPath, [BATON, 'build', root, '--ui', 'plain', '--verbose'], { env });
  const phases = new Map([...stdout.matchAll(/^ {2}(\S+(?: script)?) +(\d+) ms/gm)].map((match) => [match[1], Number(match[2])]));
  phases.delete('total');
  phases.set('measured total', Number(readFileSync(startedFile, 'utf8').trim()) - startedAt);
  return phases;
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'baton-cli-startup-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, BATON_HOME: home, TEMPORAL_ADDRESS: '', DATABASE_URL: '' };
  const infrastructure = await startInfrastructure(loadInfrastructureConfig(env), { log: () => {} });
  const runs: Map<string, number>[] = [];
  try {
    const { root, startedFile } = prepareWorkspace();
    await run(root, startedFile, env);
    for (let i = 0; i < RUNS; i++) runs.push(await run(root, startedFile, env));
  } finally {
    await infrastructure.stop();
  }
  const phase = (name: string) => median(runs.map((phases) => phases.get(name) ?? 0));
  const phases = [...runs[0].keys()].filter((name) => name !== 'measured total');
  writeBenchReport({
    name: 'cli-startup',
    title: 'baton build start-up, warm',
    setting: `median of ${RUNS} runs, servers reused, a one-package workspace`,
    rows: [
      judged(
        '`baton build` started → its first script started',
        phase('measured total'),
        { atMost: TARGET_MS },
        formats.ms,
        "median of runs, by the script's own clock",
      ),
      ...phases.map((name) => informative(`· ${name}`, formats.ms(phase(name)), 'phase as `--verbose` reports it, median of runs')),
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

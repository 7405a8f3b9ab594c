/**
 * What a cache hit costs per package, without Temporal: on a copy of the 22-package fixture, each package is built
 * once through Baton's script runner and saved; then, N times, every package's key is computed and its entry restored
 * (after `dist/` of every package was deleted, so each hit also writes its outputs back). Once with the package files
 * from a folder walk, once from git (`git ls-files`). Prints the median, p95 and max per package and the sum over the
 * workspace, each with its target and PASS or MISS, and writes bench/results/package-cache.md.
 * Run: `npm run bench:package-cache` (BENCH_RUNS=N to change the 10 runs).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageCache, runPackageScript, type PackagePlan } from '@baton/package-builder';
import { discoverWorkspace } from '@baton/package-builder/workspace';
import { formats, judged, writeBenchReport, type MeasureRow } from './support/bench-report';
import { percentile } from './support/statistics';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const FIXTURES = join(__dirname, '..', '..', 'examples', 'package-builder');

function copyFixture(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'baton-cache-bench-')));
  for (const folder of ['monorepo', 'tools']) cpSync(join(FIXTURES, folder), join(root, folder), { recursive: true });
  return join(root, 'monorepo');
}

/** The fixture's packages with a build script, dependencies first. */
async function plans(workspace: string): Promise<PackagePlan[]> {
  const { root, packageManager, packages } = await discoverWorkspace(workspace);
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered: PackagePlan[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const pkg = byName.get(name)!;
    pkg.dependencies.forEach(visit);
    ordered.push({
      ...pkg,
      workspaceRoot: root,
      packageManager,
      hasBuild: pkg.scripts.build !== undefined,
      runTests: false,
      timeoutMs: 60_000,
    });
  };
  packages.forEach((pkg) => visit(pkg.name));
  return ordered.filter((pkg) => pkg.hasBuild);
}

const manifest = (pkg: PackagePlan): unknown => JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));

async function buildAll(packages: readonly PackagePlan[]): Promise<void> {
  for (const pkg of packages) {
    const cache = await PackageCache.open(pkg, manifest(pkg));
    const run = await runPackageScript({ ...pkg, packageName: pkg.name, packageDir: pkg.dir, script: 'build' });
    if (run.exitCode !== 0) throw new Error(`${pkg.name} did not build:\n${run.outputTail}`);
    const log = join(pkg.workspaceRoot, `${pkg.name.replace('/', '__')}.log.tmp`);
    writeFileSync(log, run.outputTail);
    await cache.save(log);
    rmSync(log);
  }
}

/** Per package, the time of one hit (key + restore) in each run. */
async function hits(packages: readonly PackagePlan[]): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    for (const pkg of packages) rmSync(join(pkg.dir, 'dist'), { recursive: true, force: true });
    for (const pkg of packages) {
      const started = performance.now();
      const cache = await PackageCache.open(pkg, manifest(pkg));
      if ((await cache.restore()) === undefined) throw new Error(`${pkg.name} missed`);
      times.push(performance.now() - started);
    }
  }
  return times;
}

async function main(): Promise<void> {
  const rows: MeasureRow[] = [];
  for (const mode of ['folder walk', 'git'] as const) {
    const workspace = copyFixture();
    if (mode === 'git') {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', ...args], { cwd: workspace });
      writeFileSync(join(workspace, '.gitignore'), 'dist/\n.baton/\n');
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'fixture');
    }
    const packages = await plans(workspace);
    await buildAll(packages);
    const times = await hits(packages);
    const perWorkspace = times.reduce((sum, time) => sum + time, 0) / RUNS;
    rows.push(
      judged(
        `hit per package, ${mode}: median`,
        percentile(times, 0.5),
        { atMost: 20 },
        formats.ms,
        `p95 ${formats.ms(percentile(times, 0.95))}, max ${formats.ms(Math.max(...times))}`,
      ),
      judged(
        `hits of the ${packages.length} packages one after the other, ${mode}`,
        perWorkspace,
        { atMost: 500 },
        formats.ms,
        `mean of ${RUNS} runs`,
      ),
    );
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  }
  writeBenchReport({
    name: 'package-cache',
    title: 'PackageBuilder cache hits',
    setting: `the 22-package fixture (20 with a build script), ${RUNS} runs, dist/ deleted before each so every hit restores its outputs`,
    rows,
  });
}

void main();

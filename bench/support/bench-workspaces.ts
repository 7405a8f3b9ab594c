import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDependencyGraph, lowerBound } from '@baton/orchestration/graph';

/** A workspace the PackageBuilder bench builds with every tool, and the makespan no schedule can beat on it. */
export interface BenchWorkspace {
  name: string;
  dir: string;
  packages: number;
  /** From the scripts' own durations (the milliseconds each fixture build is told to take), not from any tool's run. */
  lowerBoundMs: number;
  criticalPathMs: number;
  totalWorkMs: number;
}

interface GeneratedPackage {
  name: string;
  buildMs: number;
  dependencies: string[];
}

/**
 * The fixture (examples/package-builder/monorepo) and a generated 60-package workspace, copied beside the fixture's
 * tools and made readable by pnpm (pnpm-workspace.yaml) and turbo (turbo.json, a packageManager field).
 */
export function prepareBenchWorkspaces(concurrency: number): BenchWorkspace[] {
  const root = join(mkdtempSync(join(tmpdir(), 'baton-bench-')), 'package-builder');
  cpSync(join(__dirname, '..', '..', '..', 'examples', 'package-builder'), root, { recursive: true });
  const wide = join(root, 'wide');
  writeGeneratedWorkspace(wide, widePackages());
  return [
    { name: 'fixture (22 packages)', dir: join(root, 'monorepo') },
    { name: 'wide (60 packages)', dir: wide },
  ].map(({ name, dir }) => {
    makeReadableByEveryTool(dir);
    return { name, dir, ...bounds(dir, concurrency) };
  });
}

/**
 * 60 packages: 3 cores, a wide middle of 44 packages on them (600–1,400 ms each), and a tail of 13 packages in a
 * chain (300 ms each) behind the last middle package. The total work over 4 slots, not the critical path, bounds the
 * makespan; a tool that leaves the tail's first dependency for last also pays the tail's length after it.
 */
function widePackages(): GeneratedPackage[] {
  const cores = Array.from({ length: 3 }, (_, index) => ({ name: `@wide/core-${index}`, buildMs: 400, dependencies: [] }));
  const middle = Array.from({ length: 44 }, (_, index) => ({
    name: `@wide/mid-${String(index).padStart(2, '0')}`,
    buildMs: 600 + ((index * 7) % 9) * 100,
    dependencies: [cores[index % cores.length].name],
  }));
  const tail: GeneratedPackage[] = [];
  for (let index = 0; index < 13; index++) {
    const previous = index === 0 ? middle[middle.length - 1].name : tail[index - 1].name;
    tail.push({ name: `@wide/tail-${String(index).padStart(2, '0')}`, buildMs: 300, dependencies: [previous] });
  }
  return [...cores, ...middle, ...tail];
}

/** Writes an npm workspace whose packages build with the fixture's build tool (`../../../tools` from a package). */
function writeGeneratedWorkspace(dir: string, packages: GeneratedPackage[]): void {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'wide-monorepo', version: '1.0.0', private: true, workspaces: ['packages/*'] };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const pkg of packages) {
    const packageDir = join(dir, 'packages', pkg.name.split('/')[1]);
    mkdirSync(join(packageDir, 'src'), { recursive: true });
    writeFileSync(join(packageDir, 'src', 'index.js'), `export const name = ${JSON.stringify(pkg.name)};\n`);
    const packageManifest = {
      name: pkg.name,
      version: '1.0.0',
      private: true,
      type: 'module',
      main: 'dist/index.js',
      scripts: { build: `node ../../../tools/build-package.mjs ${pkg.buildMs}` },
      dependencies: Object.fromEntries(pkg.dependencies.map((dependency) => [dependency, 'workspace:*'])),
    };
    writeFileSync(join(packageDir, 'package.json'), JSON.stringify(packageManifest, null, 2));
  }
}

/** pnpm wants pnpm-workspace.yaml (and is told not to insist on being the declared package manager), turbo a turbo.json. */
function makeReadableByEveryTool(dir: string): void {
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n");
  writeFileSync(join(dir, 'turbo.json'), JSON.stringify({ tasks: { build: { dependsOn: ['^build'], outputs: [], cache: false } } }));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, packageManager: `npm@${npmVersion}` }, null, 2));
}

/** The lower bound of the workspace's build from each package's nominal build time (its build script's argument). */
function bounds(dir: string, concurrency: number): Omit<BenchWorkspace, 'name' | 'dir'> {
  const manifests = readdirSync(join(dir, 'packages')).map(
    (folder) =>
      JSON.parse(readFileSync(join(dir, 'packages', folder, 'package.json'), 'utf8')) as {
        name: string;
        scripts?: { build?: string };
        dependencies?: Record<string, string>;
      },
  );
  const names = new Set(manifests.map((manifest) => manifest.name));
  const { graph } = buildDependencyGraph(
    manifests.map((manifest) => manifest.name),
    (_, index) => Object.keys(manifests[index].dependencies ?? {}).filter((dependency) => names.has(dependency)),
  );
  const weights = manifests.map((manifest) => Number(/build-package\.mjs (\d+)/.exec(manifest.scripts?.build ?? '')?.[1] ?? 0));
  const bound = lowerBound(graph, weights, concurrency);
  return { packages: manifests.length, lowerBoundMs: bound.bound, criticalPathMs: bound.criticalPath, totalWorkMs: bound.totalWork };
}

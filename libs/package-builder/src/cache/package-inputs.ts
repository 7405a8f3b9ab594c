import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackagePlan } from '../workflows/build-input';
import type { CacheSettings } from './cache-settings';
import type { PackageState } from './cache.store';
import { sha256 } from './content-hash';
import { packageFileHashes } from './package-files.hasher';

/** Bump when what goes into a key changes: older entries then simply miss. */
const KEY_VERSION = 1;

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock'];

/** What the key of a package's build is made of; each part as it is when the build is about to start. */
export interface PackageInputs {
  scripts: Record<string, unknown>;
  settings: CacheSettings;
  /** Each workspace dependency's last successful build (null: none yet, or it has nothing to build). */
  dependencies: Record<string, PackageState | null>;
  /** The files of the dependencies with nothing to build, by folder (see `PackagePlan.cacheDependencies`). */
  folders: Array<[folder: string, files: Array<[string, string]>]>;
  /** The package's own files and the workspace's lockfile: see `ownFileInputs`. */
  files: Array<[string, string]>;
  lockfile: Array<[string, string]>;
  env: NodeJS.ProcessEnv;
}

/** The package's own files (see `packageFileHashes`, which takes `outputs`) and its workspace's lockfile, each hashed. */
export async function ownFileInputs(
  pkg: PackagePlan,
  outputs: readonly string[] | Promise<readonly string[]>,
): Promise<Pick<PackageInputs, 'files' | 'lockfile'>> {
  const [files, lockfile] = await Promise.all([packageFileHashes(pkg.dir, outputs), lockfileHash(pkg.workspaceRoot)]);
  return { files, lockfile };
}

/**
 * The key of a package's build: a hash of its files (see `packageFileHashes`), the scripts that run (with their pre
 * and post hooks) and whether tests run, its workspace dependencies' keys and output hashes (a change ripples to
 * dependents), the workspace's lockfile, the package manager, the Node.js version and platform, the values of the
 * environment variables it declares, and its output globs.
 */
export function packageCacheKey(pkg: PackagePlan, inputs: PackageInputs): string {
  const { scripts, settings, dependencies, folders, files, lockfile, env } = inputs;
  const scriptsRun = [...(pkg.hasBuild ? ['build'] : []), ...(pkg.runTests ? ['test'] : [])];
  const events = scriptsRun.flatMap((event) => [`pre${event}`, event, `post${event}`]);
  return sha256(
    JSON.stringify({
      version: KEY_VERSION,
      package: pkg.name,
      relativeDir: pkg.relativeDir,
      files,
      scripts: events.map((event) => [event, Object.hasOwn(scripts, event) ? scripts[event] : null]),
      dependencies: Object.entries(dependencies).sort(([a], [b]) => (a < b ? -1 : 1)),
      folders,
      lockfile,
      packageManager: pkg.packageManager,
      node: [process.version, process.platform, process.arch],
      env: settings.env.map((name) => [name, env[name] ?? null]),
      outputs: settings.outputs,
    }),
  );
}

/** Lockfiles are read once per content: keyed by path, size and modification time. */
const lockfiles = new Map<string, { size: number; mtimeMs: number; hash: string }>();

async function lockfileHash(workspaceRoot: string): Promise<Array<[string, string]>> {
  const found = await Promise.all(
    LOCKFILES.map(async (name): Promise<Array<[string, string]>> => {
      const path = join(workspaceRoot, name);
      const stats = await stat(path).catch(() => undefined);
      if (stats === undefined || !stats.isFile()) return [];
      const known = lockfiles.get(path);
      if (known !== undefined && known.size === stats.size && known.mtimeMs === stats.mtimeMs) return [[name, known.hash]];
      const hash = sha256(await readFile(path));
      lockfiles.set(path, { size: stats.size, mtimeMs: stats.mtimeMs, hash });
      return [[name, hash]];
    }),
  );
  return found.flat();
}

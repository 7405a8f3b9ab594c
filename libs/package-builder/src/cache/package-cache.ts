import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { markBuild } from '../build/build-timeline';
import { workspaceFolder } from '../logs/workspace-folder';
import type { PackagePlan } from '../workflows/build-input';
import { cacheSettings, type CacheSettings } from './cache-settings';
import { CacheStore, type CachedFile } from './cache.store';
import { fileHash, mapLimited, sha256 } from './content-hash';
import { FolderOutsideWorkspaceError } from './folder-outside-workspace.error';
import { packageFileHashes } from './package-files.hasher';
import { ownFileInputs, packageCacheKey, type PackageInputs } from './package-inputs';

const PARALLEL_FILES = 16;

/**
 * The cache as one package's build sees it: its key from its inputs as they are now, a hit restored, a success saved.
 * The package folder and the workspace have been checked against the allowed roots by the caller.
 */
export class PackageCache {
  private constructor(
    private readonly store: CacheStore,
    private readonly pkg: PackagePlan,
    private readonly settings: CacheSettings,
    readonly key: string,
  ) {}

  /**
   * `manifest`: the package's package.json as read for this build, or the promise of it: what needs no package.json
   * (the cache's folders, the dependencies' states, the lockfile, git's listing) starts meanwhile.
   */
  static async open(pkg: PackagePlan, manifest: unknown, env: NodeJS.ProcessEnv = process.env): Promise<PackageCache> {
    const reading = Promise.resolve(manifest);
    const settings = reading.then((read) => cacheSettings(read, join(pkg.dir, 'package.json')));
    const { packages, folders } = pkg.cacheDependencies ?? { packages: pkg.dependencies, folders: [] };
    const opening = CacheStore.open(pkg.workspaceRoot);
    const [store, dependencies, folderFiles, own, read, known] = await Promise.all([
      opening,
      opening.then((store) => dependencyStates(store, packages)),
      Promise.all(folders.map(async (folder) => [folder, await dependencyFolderFiles(pkg, folder)] as [string, Array<[string, string]>])),
      ownFileInputs(
        pkg,
        settings.then(({ outputs }) => outputs),
      ).then((inputs) => {
        markBuild(pkg.dir, 'own files hashed');
        return inputs;
      }),
      reading,
      settings,
    ]);
    const scripts = isRecord(read) && isRecord(read.scripts) ? read.scripts : {};
    const key = packageCacheKey(pkg, { scripts, settings: known, dependencies, folders: folderFiles, ...own, env });
    return new PackageCache(store, pkg, known, key);
  }

  /** Whether a hit may replace the build: not with `"baton": { "cache": false }`. */
  get usable(): boolean {
    return this.settings.cache;
  }

  /**
   * On a hit, puts back every output file that is missing or differs and returns the log of the build it comes from;
   * undefined on a miss (no entry, or one whose files are no longer all there), with nothing changed.
   */
  async restore(): Promise<Buffer | undefined> {
    const entry = await this.store.readEntry(this.key);
    if (
      entry === undefined ||
      entry.package !== this.pkg.name ||
      !Array.isArray(entry.outputs) ||
      !entry.outputs.every((file) => isPlainRelativePath(file.path)) ||
      !(await this.store.hasBlobs([entry.log, ...entry.outputs.map((file) => file.blob)]))
    ) {
      return undefined;
    }
    await mapLimited(entry.outputs, PARALLEL_FILES, (file) => this.restoreFile(file));
    await this.store.writeState(this.pkg.name, { key: this.key, outputs: outputsHash(entry.outputs) });
    return readFile(this.store.blobPath(entry.log));
  }

  /**
   * After a successful build: its outputs and log under its key, and the package's state for its dependents.
   * `log`: the log's path, or a promise of it once the log is closed: the outputs are stored meanwhile.
   */
  async save(log: string | Promise<string>): Promise<void> {
    const storing = (async () => {
      const matched = await glob(this.settings.outputs, { cwd: this.pkg.dir, dot: true, followSymbolicLinks: false });
      // A brace in a glob can still spell `..`: only files inside the package folder are outputs.
      const paths = matched.filter(isPlainRelativePath).sort();
      return (await mapLimited(paths, PARALLEL_FILES, (path) => this.saveFile(path))).filter((file) => file !== undefined);
    })();
    const [outputs, logBlob] = await Promise.all([storing, Promise.resolve(log).then((path) => this.store.putBlob(path))]);
    markBuild(this.pkg.dir, 'outputs stored');
    // The entry and the state are independent files: a dependent's key reads only the state.
    await Promise.all([
      this.store.writeEntry(this.key, { package: this.pkg.name, outputs, log: logBlob }),
      this.store.writeState(this.pkg.name, { key: this.key, outputs: outputsHash(outputs) }),
    ]);
  }

  private async saveFile(path: string): Promise<CachedFile | undefined> {
    const absolute = join(this.pkg.dir, path);
    const stats = await lstat(absolute);
    if (!stats.isFile()) return undefined;
    return { path, blob: await this.store.putBlob(absolute), size: stats.size, mode: stats.mode & 0o777 };
  }

  private async restoreFile(file: CachedFile): Promise<void> {
    const segments = file.path.split('/');
    const dir = await workspaceFolder(this.pkg.dir, ...segments.slice(0, -1));
    const target = join(dir, segments[segments.length - 1]);
    const current = await lstat(target).catch(() => undefined);
    const same =
      current?.isFile() === true &&
      current.size === file.size &&
      (current.mode & 0o777) === file.mode &&
      (await fileHash(target)) === file.blob;
    if (!same) await this.store.restoreBlob(file.blob, target, file.mode);
  }
}

async function dependencyStates(store: CacheStore, packages: readonly string[]): Promise<PackageInputs['dependencies']> {
  return Object.fromEntries(await Promise.all(packages.map(async (name) => [name, (await store.readState(name)) ?? null] as const)));
}

/** The files of a dependency that has nothing to build, its own outputs left out; it must be inside the workspace. */
async function dependencyFolderFiles(pkg: PackagePlan, folder: string): Promise<Array<[string, string]>> {
  const [root, dir] = await Promise.all([realpath(pkg.workspaceRoot), realpath(join(pkg.workspaceRoot, folder)).catch(() => undefined)]);
  const path = dir === undefined ? '..' : relative(root, dir);
  if (path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) {
    throw new FolderOutsideWorkspaceError(pkg.name, folder, pkg.workspaceRoot);
  }
  const manifestPath = join(dir!, 'package.json');
  const manifest: unknown = await readFile(manifestPath, 'utf8').then(JSON.parse, () => undefined);
  return packageFileHashes(dir!, cacheSettings(manifest, manifestPath).outputs);
}

function outputsHash(outputs: readonly CachedFile[]): string {
  return sha256(JSON.stringify(outputs.map(({ path, blob, mode }) => [path, blob, mode])));
}

/** A path an entry may restore: relative, inside the package folder, no `.` or `..` segments. */
function isPlainRelativePath(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    !path.includes('\0') &&
    !path.includes('\\') &&
    path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

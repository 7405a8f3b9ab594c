import { randomUUID } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { chmod, copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspaceFolders } from '../logs/workspace-folder';
import { BATON_FOLDER } from '../logs/package-log.paths';
import { safeFileName } from '../logs/file-name';
import { pathExists } from '../path-exists';
import { sha256 } from './content-hash';

/** One output file of a cached build. */
export interface CachedFile {
  /** Relative to the package folder, with forward slashes. */
  path: string;
  /** SHA-256 of the content: its blob's name. */
  blob: string;
  size: number;
  mode: number;
}

/** What a successful build left, under its input key. */
export interface CacheEntry {
  package: string;
  outputs: CachedFile[];
  /** Blob of the build's log. */
  log: string;
}

/** A package's last successful build in the workspace: what its dependents' keys take from it. */
export interface PackageState {
  key: string;
  /** Hash over its output files' paths, contents and modes. */
  outputs: string;
}

/**
 * The build cache of one workspace, `<workspace>/.baton/cache/`: `blobs/<sha256>` (file contents, shared by every
 * entry), `entries/<key>.json` and `packages/<package>.json` (its last successful build). Every file appears whole or
 * not at all (written aside in `tmp/`, then renamed into place), so concurrent runs and a worker killed mid-write
 * never leave a half entry; two runs writing the same key write the same content.
 */
export class CacheStore {
  private constructor(private readonly root: string) {}

  static async open(workspaceRoot: string): Promise<CacheStore> {
    const root = [BATON_FOLDER, 'cache'];
    await workspaceFolders(
      workspaceRoot,
      ['blobs', 'entries', 'packages', 'tmp'].map((folder) => [...root, folder]),
    );
    return new CacheStore(join(workspaceRoot, ...root));
  }

  blobPath(blob: string): string {
    return join(this.root, 'blobs', blob);
  }

  /** Stores the file's content (once per distinct content) and returns its blob name. */
  async putBlob(path: string): Promise<string> {
    const content = await readFile(path);
    const blob = sha256(content);
    if (!(await pathExists(this.blobPath(blob)))) await this.writeWhole(this.blobPath(blob), content);
    return blob;
  }

  async hasBlobs(blobs: readonly string[]): Promise<boolean> {
    return (await Promise.all(blobs.map((blob) => pathExists(this.blobPath(blob))))).every(Boolean);
  }

  readEntry(key: string): Promise<CacheEntry | undefined> {
    return readJson<CacheEntry>(join(this.root, 'entries', `${key}.json`));
  }

  writeEntry(key: string, entry: CacheEntry): Promise<void> {
    return this.writeWhole(join(this.root, 'entries', `${key}.json`), JSON.stringify(entry));
  }

  readState(packageName: string): Promise<PackageState | undefined> {
    return readJson<PackageState>(this.statePath(packageName));
  }

  writeState(packageName: string, state: PackageState): Promise<void> {
    return this.writeWhole(this.statePath(packageName), JSON.stringify(state));
  }

  /** Copies a blob to `target` whole: into a temporary file beside it, then renamed over it. */
  async restoreBlob(blob: string, target: string, mode: number): Promise<void> {
    const aside = `${target}.baton-${randomUUID()}`;
    try {
      await copyFile(this.blobPath(blob), aside);
      await chmod(aside, mode);
      await rename(aside, target);
    } catch (error) {
      await rm(aside, { force: true });
      throw error;
    }
  }

  private statePath(packageName: string): string {
    return join(this.root, 'packages', `${safeFileName(packageName)}.json`);
  }

  private async writeWhole(path: string, content: string | Buffer): Promise<void> {
    const aside = join(this.root, 'tmp', randomUUID());
    try {
      await writeFile(aside, content);
      await rename(aside, path);
    } catch (error) {
      await rm(aside, { force: true });
      throw error;
    }
  }
}

/**
 * Undefined when missing or unreadable: an entry the cache cannot read is a miss. Read synchronously: small files,
 * and on a miss the one look between a build's cache key and its script's start (see `readPackageJson`).
 */
async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    if (!lstatSync(path).isFile()) return undefined;
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

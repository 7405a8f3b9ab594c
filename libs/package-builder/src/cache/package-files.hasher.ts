import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { glob } from 'tinyglobby';
import { BATON_FOLDER } from '../logs/package-log.paths';
import { fileHash, mapLimited } from './content-hash';

const run = promisify(execFile);

/** Never inputs: installed packages, version control and Baton's own folder. */
const NEVER = ['**/node_modules/**', '**/.git/**', `**/${BATON_FOLDER}/**`];
const PARALLEL_READS = 16;

/**
 * The package's input files and a hash of each, by path relative to the package folder, sorted; its outputs (files
 * matching `outputs`) are left out, since the build rewrites them. In a git repository, as git sees them: the index's
 * blob ids of tracked files, and the content hash of modified and untracked (not ignored) ones; elsewhere every file
 * of the folder but node_modules, .git and .baton.
 */
export async function packageFileHashes(packageDir: string, outputs: readonly string[]): Promise<Array<[string, string]>> {
  const [fromGit, outputFiles] = await Promise.all([
    gitFileHashes(packageDir),
    glob([...outputs], { cwd: packageDir, dot: true, followSymbolicLinks: false }),
  ]);
  const excluded = new Set(outputFiles);
  const hashes = fromGit ?? (await walkedFileHashes(packageDir, outputs));
  return hashes.filter(([path]) => !excluded.has(path) && !isUnder(path)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function isUnder(path: string): boolean {
  const segments = path.split('/');
  return segments.includes('node_modules') || segments.includes(BATON_FOLDER);
}

/** Undefined when the folder is not in a git work tree (or git is missing): the caller walks the folder instead. */
async function gitFileHashes(packageDir: string): Promise<Array<[string, string]> | undefined> {
  const git = (...args: string[]) =>
    run('git', ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', ...args], {
      cwd: packageDir,
      // Read-only: no index refresh written behind another git command's back.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GIT_OPTIONAL_LOCKS: '0' },
      maxBuffer: 256 * 1024 * 1024,
    });
  let staged: string;
  let changed: string;
  try {
    [{ stdout: staged }, { stdout: changed }] = await Promise.all([
      git('ls-files', '--stage', '-z', '--', '.'),
      git('ls-files', '--modified', '--others', '--exclude-standard', '-z', '--', '.'),
    ]);
  } catch {
    return undefined;
  }
  const hashes = new Map<string, string>();
  for (const entry of staged.split('\0')) {
    // `<mode> <object> <stage>\t<path>`
    const tab = entry.indexOf('\t');
    const [mode, object] = entry.slice(0, tab).split(' ');
    if (tab !== -1) hashes.set(entry.slice(tab + 1), `${mode} ${object}`);
  }
  const modified = [...new Set(changed.split('\0').filter((path) => path !== ''))];
  const entries = await mapLimited(modified, PARALLEL_READS, (path) => gitEntry(join(packageDir, path)));
  modified.forEach((path, index) => {
    const entry = entries[index];
    // A tracked file deleted from the work tree is listed as modified: it is no input any more.
    if (entry === undefined) hashes.delete(path);
    else hashes.set(path, entry);
  });
  return [...hashes];
}

/**
 * A work tree file as its index entry would read once added (`<mode> <blob id>`), so that committing a file as it was
 * built keeps the key; undefined when it is not a file.
 */
async function gitEntry(path: string): Promise<string | undefined> {
  try {
    const stats = await lstat(path);
    if (!stats.isFile()) return undefined;
    const content = await readFile(path);
    const blob = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
    return `${stats.mode & 0o111 ? '100755' : '100644'} ${blob}`;
  } catch {
    return undefined;
  }
}

async function walkedFileHashes(packageDir: string, outputs: readonly string[]): Promise<Array<[string, string]>> {
  const files = await glob(['**'], { cwd: packageDir, dot: true, followSymbolicLinks: false, ignore: [...NEVER, ...outputs] });
  const hashes = await mapLimited(files, PARALLEL_READS, (path) => fileHash(join(packageDir, path)));
  return files.flatMap((path, index): Array<[string, string]> => (hashes[index] === undefined ? [] : [[path, hashes[index]]]));
}

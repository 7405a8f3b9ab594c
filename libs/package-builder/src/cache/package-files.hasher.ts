import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
 * of the folder but node_modules, .git and .baton. `outputs` may still be on their way (read from package.json).
 */
export async function packageFileHashes(
  packageDir: string,
  outputs: readonly string[] | Promise<readonly string[]>,
): Promise<Array<[string, string]>> {
  // git's listing needs no outputs: it starts while they are still being read.
  const [fromGit, globs, outputFiles] = await Promise.all([
    gitFileHashes(packageDir),
    outputs,
    Promise.resolve(outputs).then((known) => glob([...known], { cwd: packageDir, dot: true, followSymbolicLinks: false })),
  ]);
  const excluded = new Set(outputFiles);
  const hashes = fromGit ?? (await walkedFileHashes(packageDir, globs));
  return hashes.filter(([path]) => !excluded.has(path) && !isUnder(path)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function isUnder(path: string): boolean {
  const segments = path.split('/');
  return segments.includes('node_modules') || segments.includes(BATON_FOLDER);
}

/** Undefined when the folder is not in a git work tree (or git is missing): the caller walks the folder instead. */
async function gitFileHashes(packageDir: string): Promise<Array<[string, string]> | undefined> {
  // A few stats spare starting git (about 10 ms) in a folder outside any work tree.
  if (!hasGitAbove(packageDir)) return undefined;
  let listing: string;
  try {
    // One git for all: `H` entries of the index (`H <mode> <object> <stage>\t<path>`), `C` modified ones, `?` others.
    ({ stdout: listing } = await run(
      'git',
      ['-c', 'core.fsmonitor=false', 'ls-files', '-z', '-t', '--stage', '--modified', '--others', '--exclude-standard', '--', '.'],
      {
        cwd: packageDir,
        // Read-only: no index refresh written behind another git command's back.
        env: { PATH: process.env.PATH, HOME: process.env.HOME, GIT_OPTIONAL_LOCKS: '0' },
        maxBuffer: 256 * 1024 * 1024,
      },
    ));
  } catch {
    return undefined;
  }
  const hashes = new Map<string, string>();
  const changed = new Set<string>();
  for (const entry of listing.split('\0')) {
    const tag = entry.slice(0, 2);
    if (tag === '? ') changed.add(entry.slice(2));
    else if (tag === 'C ') changed.add(entry.slice(entry.indexOf('\t') + 1));
    else if (tag === 'H ') {
      const tab = entry.indexOf('\t');
      const [mode, object] = entry.slice(2, tab).split(' ');
      hashes.set(entry.slice(tab + 1), `${mode} ${object}`);
    }
  }
  const paths = [...changed];
  const entries = await mapLimited(paths, PARALLEL_READS, (path) => gitEntry(join(packageDir, path)));
  paths.forEach((path, index) => {
    const entry = entries[index];
    // A tracked file deleted from the work tree is listed as modified: it is no input any more.
    if (entry === undefined) hashes.delete(path);
    else hashes.set(path, entry);
  });
  return [...hashes];
}

/**
 * Whether the folder or one above it has a `.git` (a folder, or a worktree's file), as git itself looks. Looked at
 * synchronously: a few stats cost microseconds, while each asynchronous one waits for a turn of the thread pool and of
 * the event loop, ahead of the folder walk that every build's cache key waits for.
 */
function hasGitAbove(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (current === dirname(current)) return false;
  }
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

import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isError } from '@baton/orchestration';
import { NotAFolderError } from './not-a-folder.error';

/**
 * Creates `<workspaceRoot>/<segments…>` one folder at a time and returns its path. Each must be a real folder, not a
 * link: a `.baton` link planted in the workspace must not make the worker write logs or cache entries elsewhere.
 * The workspace root itself has been checked against the allowed roots by the caller.
 */
export async function workspaceFolder(workspaceRoot: string, ...segments: string[]): Promise<string> {
  const [folder] = await workspaceFolders(workspaceRoot, [segments]);
  return folder;
}

/** `workspaceFolder` for several folders (each given by its segments), returned in the same order. */
export async function workspaceFolders(workspaceRoot: string, paths: ReadonlyArray<readonly string[]>): Promise<string[]> {
  const chains = paths.map((segments) => segments.map((_, index) => join(workspaceRoot, ...segments.slice(0, index + 1))));
  const folders = chains.map((chain) => chain.at(-1) ?? workspaceRoot);
  // Parents before their children: each chain lists them so, and a Set keeps the first place of each.
  const dirs = [...new Set(chains.flat())];
  // Once the folders exist (every build after a workspace's first), one look at all of them at once answers: each
  // `lstat` sees a link at its own path, so the chains hold no link whatever the order of the looks.
  if (await allRealFolders(dirs)) return folders;
  for (const dir of dirs) {
    await mkdir(dir).catch((error: unknown) => {
      if (!(isError(error) && (error as NodeJS.ErrnoException).code === 'EEXIST')) throw error;
    });
    if (!(await lstat(dir)).isDirectory()) throw new NotAFolderError(dir);
  }
  return folders;
}

async function allRealFolders(dirs: readonly string[]): Promise<boolean> {
  const stats = await Promise.all(dirs.map((dir) => lstat(dir).catch(() => undefined)));
  return stats.every((entry) => entry?.isDirectory() === true);
}

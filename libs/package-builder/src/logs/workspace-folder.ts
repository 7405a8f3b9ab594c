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
  let dir = workspaceRoot;
  for (const segment of segments) {
    dir = join(dir, segment);
    await mkdir(dir).catch((error: unknown) => {
      if (!(isError(error) && (error as NodeJS.ErrnoException).code === 'EEXIST')) throw error;
    });
    if (!(await lstat(dir)).isDirectory()) throw new NotAFolderError(dir);
  }
  return dir;
}

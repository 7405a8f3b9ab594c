import { access } from 'node:fs/promises';

/** Whether something is at `path`, for files whose presence alone matters (lockfiles, a package manager's files). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UnreadablePackageJsonError } from './unreadable-package-json.error';

/** The package's package.json, parsed; rejects with `UnreadablePackageJsonError` when it cannot be read or parsed. */
export async function readPackageJson(packageName: string, packageDir: string): Promise<unknown> {
  const path = join(packageDir, 'package.json');
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UnreadablePackageJsonError(packageName, path, error);
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnreadablePackageJsonError } from './unreadable-package-json.error';

/**
 * The package's package.json, parsed; rejects with `UnreadablePackageJsonError` when it cannot be read or parsed.
 * Read synchronously: a build's every step waits for this one small file, and the four steps of an asynchronous read
 * (open, stat, read, close) would each queue behind the other reads the build starts at the same moment.
 */
export async function readPackageJson(packageName: string, packageDir: string): Promise<unknown> {
  const path = join(packageDir, 'package.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UnreadablePackageJsonError(packageName, path, error);
  }
}

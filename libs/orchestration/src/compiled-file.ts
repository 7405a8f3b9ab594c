import { dirname, join } from 'node:path';

const PACKAGE_ROOT = dirname(require.resolve('@baton/orchestration/package.json'));

/**
 * A compiled file of this package, for what runs in another process or in the workflow sandbox (the watchdog's
 * main, the sandbox entry that is bundled). Found from the package's folder, so it is the compiled JavaScript whether
 * this code runs compiled or, under Jest, from its TypeScript sources.
 */
export function compiledFile(pathInDist: string): string {
  return join(PACKAGE_ROOT, 'dist', pathInDist);
}

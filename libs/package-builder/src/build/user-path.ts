import { realpathSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';

/**
 * Every `node_modules/.bin` at or above Baton's own installation, by real path. `npm run`, `npx` and `npm exec` put
 * them on PATH, and there Baton's own tools (its pnpm, turbo, tsc) would stand in for the user's: a workspace pinned to
 * pnpm 11 was run by Baton's pnpm 10.
 */
const BATON_BIN_FOLDERS: ReadonlySet<string> = new Set(
  ancestors(realpathSync(__dirname)).flatMap((dir) => {
    const real = realPath(join(dir, 'node_modules', '.bin'));
    return real === undefined ? [] : [real];
  }),
);

/** Real paths of PATH entries, read once each: a script's environment is built for every script. */
const realPaths = new Map<string, string | undefined>();

/**
 * The user's PATH: `path` without Baton's own `node_modules/.bin` folders (however they are spelled: a link to one is
 * removed too). The package manager is looked up on it and build scripts run with it.
 */
export function userPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return path
    .split(delimiter)
    .filter((entry) => !isAbsolute(entry) || !BATON_BIN_FOLDERS.has(cachedRealPath(entry) ?? entry))
    .join(delimiter);
}

function cachedRealPath(entry: string): string | undefined {
  if (!realPaths.has(entry)) realPaths.set(entry, realPath(entry));
  return realPaths.get(entry);
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function ancestors(dir: string): string[] {
  const dirs = [dir];
  while (dirname(dirs.at(-1)!) !== dirs.at(-1)) dirs.push(dirname(dirs.at(-1)!));
  return dirs;
}

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Baton's folder in the user's cache, `$XDG_CACHE_HOME/baton` (by default `~/.cache/baton`), for files Baton runs as
 * code: compiled workflow bundles and the command line's V8 compile cache. Never BATON_HOME: it defaults to `.baton`
 * in the current folder, which a checked-out repository can carry, and code planted there must never run.
 * Imported alone by the command line before anything else loads (`@baton/orchestration/user-cache`).
 */
export function userCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  // The XDG spec: a relative value is invalid and ignored.
  const base = xdg !== undefined && xdg.startsWith('/') ? xdg : join(homedir(), '.cache');
  return resolve(base, 'baton');
}

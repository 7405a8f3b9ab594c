import { join, resolve } from 'node:path';

/**
 * Injection token of Baton's local folder (an absolute path): the embedded servers' data, PackageBuilder's build
 * history (never code: see `userCacheFolder`). `OrchestrationModule.forRoot({ home })` provides it, by default
 * {@link batonHome}.
 */
export const BATON_HOME = Symbol('BATON_HOME');

/** BATON_HOME, absolute; `.baton` in the current directory when it is unset or blank. The one place that reads it. */
export function batonHome(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.BATON_HOME?.trim();
  return resolve(value === undefined || value === '' ? join(process.cwd(), '.baton') : value);
}

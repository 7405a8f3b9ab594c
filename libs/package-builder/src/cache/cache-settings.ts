import { describeValue } from '@baton/orchestration';
import { InvalidCacheSettingsError } from './invalid-cache-settings.error';

/** What a package declares for the cache in its package.json: `"baton": { "outputs": […], "env": […], "cache": false }`. */
export interface CacheSettings {
  /** Globs relative to the package folder: the files its build produces, saved after a build and restored on a hit. */
  outputs: string[];
  /** Environment variables whose values are inputs of its build. */
  env: string[];
  /** False: the package is always built, as with `--force` (its dependents can still come from the cache). */
  cache: boolean;
}

/** Like turbo's usual `outputs`: what a TypeScript or bundler build writes. */
export const DEFAULT_OUTPUTS: readonly string[] = ['dist/**'];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The package's cache settings, defaults for what it leaves out; throws one error listing every problem. */
export function cacheSettings(manifest: unknown, packageJsonPath: string): CacheSettings {
  const field = isRecord(manifest) ? manifest.baton : undefined;
  if (field === undefined) return { outputs: [...DEFAULT_OUTPUTS], env: [], cache: true };
  if (!isRecord(field)) {
    throw new InvalidCacheSettingsError(packageJsonPath, [`"baton" must be an object, but got ${describeValue(field)}`]);
  }
  const { outputs = DEFAULT_OUTPUTS, env = [], cache = true } = field;
  const problems = [
    isStringList(outputs) && outputs.every(isInsideGlob)
      ? undefined
      : `"baton.outputs" must be a list of globs inside the package folder (no "..", not absolute), but got ${describeValue(outputs)}`,
    isStringList(env) && env.every((name) => ENV_NAME.test(name))
      ? undefined
      : `"baton.env" must be a list of environment variable names, but got ${describeValue(env)}`,
    typeof cache === 'boolean' ? undefined : `"baton.cache" must be true or false, but got ${describeValue(cache)}`,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new InvalidCacheSettingsError(packageJsonPath, problems);
  return { outputs: [...(outputs as string[])], env: [...(env as string[])], cache: cache as boolean };
}

function isInsideGlob(glob: string): boolean {
  return glob !== '' && !glob.includes('\0') && !glob.startsWith('/') && !glob.startsWith('!') && !glob.split(/[\\/]/).includes('..');
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

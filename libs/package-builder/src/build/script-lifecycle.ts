import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackageManager } from '../workspace/workspace.types';
import { parseYaml } from '../yaml.parser';

/** One script of a run, in order: `pre<script>`, the script, `post<script>`. */
export interface LifecycleStep {
  /** `npm_lifecycle_event`: the name of the script this step runs. */
  event: string;
  /** `npm_lifecycle_script`: its command line. */
  command: string;
}

/**
 * The scripts `npm run <script>` / `pnpm run <script>` would run, in order: `pre<script>` and `post<script>` around it
 * when the package declares them and the package manager runs hooks. A failing step stops the run.
 */
export async function lifecycleSteps(
  scripts: Readonly<Record<string, unknown>>,
  script: string,
  packageManager: PackageManager,
  workspaceRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<LifecycleStep[]> {
  const step = (event: string): LifecycleStep[] =>
    Object.hasOwn(scripts, event) && typeof scripts[event] === 'string' ? [{ event, command: scripts[event] }] : [];
  const main = step(script);
  if (!(await runsHooks(packageManager, workspaceRoot, env))) return main;
  return [...step(`pre${script}`), ...main, ...step(`post${script}`)];
}

/**
 * npm runs hooks unless `ignore-scripts` is set; pnpm (8 and later) unless `enable-pre-post-scripts` is false. Both
 * read the setting from the environment (`npm_config_*`) before the workspace root's `.npmrc`; pnpm 10 also from
 * `enablePrePostScripts` in pnpm-workspace.yaml. User and global config files are not read.
 */
async function runsHooks(packageManager: PackageManager, workspaceRoot: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (packageManager === 'npm') return !isTrue(await setting('ignore-scripts', workspaceRoot, env));
  const enabled = (await setting('enable-pre-post-scripts', workspaceRoot, env)) ?? (await pnpmWorkspaceSetting(workspaceRoot));
  return enabled === undefined || isTrue(enabled);
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

async function setting(key: string, workspaceRoot: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const variable = key.replaceAll('-', '_');
  const fromEnv = env[`npm_config_${variable}`] ?? env[`NPM_CONFIG_${variable.toUpperCase()}`] ?? env[`pnpm_config_${variable}`];
  if (fromEnv !== undefined) return fromEnv;
  const npmrc = await readOptional(join(workspaceRoot, '.npmrc'));
  const line = npmrc?.split(/\r?\n/).find((text) => text.split('=')[0]?.trim() === key);
  return line?.slice(line.indexOf('=') + 1).trim();
}

async function pnpmWorkspaceSetting(workspaceRoot: string): Promise<string | undefined> {
  const text = await readOptional(join(workspaceRoot, 'pnpm-workspace.yaml'));
  try {
    const value: unknown =
      text === undefined ? undefined : ((await parseYaml(text)) as { enablePrePostScripts?: unknown } | null)?.enablePrePostScripts;
    return typeof value === 'boolean' ? String(value) : undefined;
  } catch {
    // Discovery reports an invalid pnpm-workspace.yaml; here it only means the default.
    return undefined;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

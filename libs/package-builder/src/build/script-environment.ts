import { delimiter, dirname, join } from 'node:path';
import type { LocatedPackageManager } from './package-manager.locator';
import type { LifecycleStep } from './script-lifecycle';
import { userPath } from './user-path';

/** Environment variable listing more variables build scripts may see: names separated by commas, `PREFIX_*` for a prefix. */
export const SCRIPT_ENV_VARIABLE = 'BATON_SCRIPT_ENV';

/**
 * What a build script needs from the worker's environment: where programs, home and temp files are, locale and
 * terminal, proxies and CA certificates, and the package managers' own settings. Everything else (Baton's database
 * URL, Temporal and API keys, TLS paths, any secret of the worker's) stays out unless BATON_SCRIPT_ENV lets it in.
 */
const PASSED = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  'CI',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'npm_config_*',
  'NPM_CONFIG_*',
  'COREPACK_*',
  'PNPM_HOME',
  'YARN_*',
];

/** Package-manager settings can hold registry credentials; a build has no use for them. */
const CREDENTIAL = /auth|token|password|secret/i;

/**
 * The environment a package script runs with: the passed variables of `env` (PATH without Baton's own
 * `node_modules/.bin` folders: see `userPath`), colours off (the output tail is read as
 * plain text; FORCE_COLOR is left out when NO_COLOR is set, since Node warns when both are) and no update notifier
 * (it would query the registry and print into the build log).
 */
export function scriptEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const extra = (env[SCRIPT_ENV_VARIABLE] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const matches = (name: string, patterns: readonly string[]): boolean =>
    patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
  const passed = Object.entries(env).filter(
    ([name, value]) => value !== undefined && (matches(name, extra) || (matches(name, PASSED) && !CREDENTIAL.test(name))),
  );
  const clean: NodeJS.ProcessEnv = Object.fromEntries(passed);
  delete clean.FORCE_COLOR;
  if (clean.PATH !== undefined) clean.PATH = userPath(clean.PATH);
  return { ...clean, ...(clean.NO_COLOR === undefined ? { FORCE_COLOR: '0' } : {}), npm_config_update_notifier: 'false' };
}

/** What a script's environment says about its package and where it runs. */
export interface LifecycleContext {
  /** Real paths; the package folder is the workspace root or inside it. */
  packageDir: string;
  workspaceRoot: string;
  packageName: string | undefined;
  packageVersion: string | undefined;
  packageManager: LocatedPackageManager;
}

/**
 * The environment `npm run` (or `pnpm run`) gives a script, built without starting either: `scriptEnvironment(env)`
 * plus the package's `node_modules/.bin` folders in front of PATH (see `binFolders`), and the `npm_*` variables that
 * describe the package, the step and the package manager. The same for every step but `npm_lifecycle_event` and
 * `npm_lifecycle_script`, which `stepEnvironment` adds.
 */
export function lifecycleEnvironment(env: NodeJS.ProcessEnv, context: LifecycleContext): NodeJS.ProcessEnv {
  const { packageDir, workspaceRoot, packageName, packageVersion, packageManager: manager } = context;
  const clean = scriptEnvironment(env);
  const node = `node/${process.version} ${process.platform} ${process.arch}`;
  const version = manager.version ?? '?';
  const byManager: NodeJS.ProcessEnv =
    manager.name === 'npm'
      ? {
          npm_config_user_agent: `npm/${version} ${node} workspaces/${packageDir !== workspaceRoot}`,
          npm_config_local_prefix: workspaceRoot,
          // npm 11 says "run"; earlier versions, like pnpm, "run-script".
          npm_command: Number.parseInt(version, 10) >= 11 ? 'run' : 'run-script',
          COLOR: '0',
        }
      : { npm_config_user_agent: `${manager.name}/${version} npm/? ${node}`, npm_command: 'run-script', PNPM_SCRIPT_SRC_DIR: packageDir };
  return defined({
    ...clean,
    PATH: [...binFolders(context), clean.PATH].filter((entry) => entry !== undefined && entry !== '').join(delimiter),
    INIT_CWD: packageDir,
    NODE: process.execPath,
    npm_node_execpath: process.execPath,
    npm_execpath: manager.execPath,
    npm_config_node_gyp: manager.nodeGyp ?? clean.npm_config_node_gyp,
    npm_package_json: join(packageDir, 'package.json'),
    npm_package_name: packageName,
    npm_package_version: packageVersion,
    ...byManager,
  });
}

/**
 * The folders in front of PATH. npm: every `node_modules/.bin` from the package folder up to the workspace root (npm
 * itself goes on to the file system's root), then its node-gyp shim. pnpm: the package's, its node-gyp shim, the root's.
 */
function binFolders({ packageDir, workspaceRoot, packageManager }: LifecycleContext): string[] {
  const bin = (dir: string): string => join(dir, 'node_modules', '.bin');
  const nodeGyp = packageManager.nodeGypBin === undefined ? [] : [packageManager.nodeGypBin];
  if (packageManager.name === 'pnpm') return [bin(packageDir), ...nodeGyp, ...(packageDir === workspaceRoot ? [] : [bin(workspaceRoot)])];
  const bins: string[] = [];
  for (let dir = packageDir; ; dir = dirname(dir)) {
    bins.push(bin(dir));
    if (dir === workspaceRoot || dir === dirname(dir)) break;
  }
  return [...bins, ...nodeGyp];
}

/** The environment of one step of a run: `npm_lifecycle_event` and `npm_lifecycle_script` are its own. */
export function stepEnvironment(base: NodeJS.ProcessEnv, step: LifecycleStep): NodeJS.ProcessEnv {
  return { ...base, npm_lifecycle_event: step.event, npm_lifecycle_script: step.command };
}

function defined(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

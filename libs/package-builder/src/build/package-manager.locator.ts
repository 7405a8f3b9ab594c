import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import semver from 'semver';
import { isPackageManager, type PackageManager } from '../workspace/workspace.types';
import { PackageManagerNotFoundError } from './package-manager-not-found.error';
import { PackageManagerVersionError } from './package-manager-version.error';
import { UnsupportedPackageManagerError } from './unsupported-package-manager.error';
import { pathExists } from '../path-exists';
import { userPath } from './user-path';

/** The workspace's package manager as installed on the worker: what a script's environment says about it. */
export interface LocatedPackageManager {
  name: PackageManager;
  /** The executable found on PATH by the manager's name. */
  executable: string;
  /** Its real path (npm's `npm-cli.js`, pnpm's `pnpm.cjs`): `npm_execpath`, which tools such as npm-run-all run. */
  execPath: string;
  /** From the manager's own package.json; undefined behind a shim such as Corepack's. */
  version: string | undefined;
  /** The node-gyp the manager bundles and the folder with its `node-gyp` shim, when they exist. */
  nodeGyp: string | undefined;
  nodeGypBin: string | undefined;
}

/** Where npm and pnpm keep their bundled node-gyp and the folder they put on a script's PATH for it. */
const NODE_GYP: Record<PackageManager, { script: string; bin: string } | undefined> = {
  npm: { script: 'node_modules/node-gyp/bin/node-gyp.js', bin: 'node_modules/@npmcli/run-script/lib/node-gyp-bin' },
  pnpm: { script: 'dist/node_modules/node-gyp/bin/node-gyp.js', bin: 'dist/node-gyp-bin' },
  yarn: undefined,
};

/**
 * Installations by real executable path, each read once to keep a script's start-up short: a switch to another
 * installation (Corepack, a version manager's link) is read anew; an upgrade over the same files shows its new version
 * in `npm_config_user_agent` once the worker restarts.
 */
const located = new Map<string, Promise<Omit<LocatedPackageManager, 'executable'>>>();

/**
 * Lookups by manager name and PATH, each made once per process: every script asks, and walking PATH (an access, a stat
 * and a real path per folder) came before each spawn. A lookup that found nothing is not kept, so installing the
 * manager helps the next build at once.
 */
const lookups = new Map<string, Promise<LocatedPackageManager>>();

/**
 * Finds the package manager on the user's PATH (see `userPath`: never Baton's own `node_modules/.bin`) by one of its
 * known names, never a path from the input; relative PATH entries are skipped so a package directory cannot supply its
 * own.
 */
export async function locatePackageManager(
  packageName: string,
  packageManager: unknown,
  env: NodeJS.ProcessEnv,
  pinned?: string,
): Promise<LocatedPackageManager> {
  if (!isPackageManager(packageManager)) throw new UnsupportedPackageManagerError(packageName, packageManager);
  const key = `${packageManager}\0${env.PATH ?? ''}`;
  let lookup = lookups.get(key);
  if (lookup === undefined) {
    lookup = findOnPath(packageManager, env, pinned);
    lookups.set(key, lookup);
    lookup.catch(() => lookups.delete(key));
  }
  return lookup;
}

async function findOnPath(
  packageManager: PackageManager,
  env: NodeJS.ProcessEnv,
  pinned: string | undefined,
): Promise<LocatedPackageManager> {
  const dirs = (userPath(env.PATH) ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  for (const dir of dirs) {
    const executable = join(dir, packageManager);
    if (!(await isExecutableFile(executable))) continue;
    const execPath = await realpath(executable);
    let installation = located.get(execPath);
    if (installation === undefined) {
      installation = readInstallation(packageManager, execPath);
      located.set(execPath, installation);
    }
    return { ...(await installation), executable };
  }
  throw new PackageManagerNotFoundError(packageManager, pinned, dirs);
}

/**
 * The workspace's package manager, checked before a build starts: found on the user's PATH, and of the major version
 * the root package.json's `packageManager` field pins (`pnpm@10.1.0+sha512…`), since another major version may not
 * read the lockfile or the settings. Behind Corepack's shim the version is not read: Corepack runs the pinned one.
 * Within a major version the found one runs, as pnpm and yarn themselves only warn then.
 */
export async function locateWorkspacePackageManager(
  workspaceRoot: string,
  packageManager: PackageManager,
  env: NodeJS.ProcessEnv,
): Promise<LocatedPackageManager> {
  const pinned = await pinnedVersion(workspaceRoot, packageManager);
  const manager = await locatePackageManager(workspaceRoot, packageManager, env, pinned);
  if (pinned !== undefined && manager.version !== undefined && semver.major(manager.version) !== semver.major(pinned)) {
    throw new PackageManagerVersionError(manager, pinned, join(workspaceRoot, 'package.json'));
  }
  return manager;
}

/** The version of `packageManager` the root package.json pins, when it pins a valid one of that manager. */
async function pinnedVersion(workspaceRoot: string, packageManager: PackageManager): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(workspaceRoot, 'package.json'), 'utf8')) as { packageManager?: unknown };
    const match = typeof manifest.packageManager === 'string' ? /^([a-z]+)@([^+]+)/.exec(manifest.packageManager) : null;
    return match?.[1] === packageManager ? (semver.valid(match[2]) ?? undefined) : undefined;
  } catch {
    // No readable package.json: workspace discovery reports that.
    return undefined;
  }
}

async function readInstallation(name: PackageManager, execPath: string): Promise<Omit<LocatedPackageManager, 'executable'>> {
  const home = await packageHome(name, execPath);
  const nodeGyp = NODE_GYP[name];
  const inHome = async (path: string | undefined): Promise<string | undefined> =>
    home !== undefined && path !== undefined && (await pathExists(join(home.dir, path))) ? join(home.dir, path) : undefined;
  return {
    name,
    execPath,
    version: home?.version,
    nodeGyp: await inHome(nodeGyp?.script),
    nodeGypBin: await inHome(nodeGyp?.bin),
  };
}

/** The manager's own package folder: the nearest one above its real executable whose package.json has its name. */
async function packageHome(name: PackageManager, execPath: string): Promise<{ dir: string; version: string | undefined } | undefined> {
  for (let dir = dirname(execPath), level = 0; level < 3 && dir !== dirname(dir); dir = dirname(dir), level++) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === name) return { dir, version: typeof manifest.version === 'string' ? manifest.version : undefined };
    } catch {
      // No package.json here (or an unreadable one): look one folder up.
    }
  }
  return undefined;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

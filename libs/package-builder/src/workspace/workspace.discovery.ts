import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import validatePackageName from 'validate-npm-package-name';
import { findCycles } from '@baton/orchestration/graph';
import { DuplicatePackageError } from './errors/duplicate-package.error';
import { InvalidPackageJsonError } from './errors/invalid-package-json.error';
import type { PackageJsonProblem } from './errors/invalid-package-json.error';
import { InvalidPnpmWorkspaceError } from './errors/invalid-pnpm-workspace.error';
import { NotAWorkspaceError } from './errors/not-a-workspace.error';
import { WorkspaceCycleError } from './errors/workspace-cycle.error';
import type { CycleDeclaration } from './errors/workspace-cycle.error';
import { indexPackages, resolveDependency, type PackageIndex } from './dependency.resolver';
import { folderGlob } from './folder-glob';
import { packageIds } from './package-id';
import { workspaceGraph } from './workspace.graph';
import { PACKAGE_MANAGERS, type PackageManager, type Workspace, type WorkspacePackage } from './workspace.types';
import { describeValue, errorMessage, isError } from '@baton/orchestration';
import { pathExists } from '../path-exists';
import { parseYaml } from '../yaml.parser';

/** Where dependencies are declared, weakest first: a name in several fields takes the spec of the last, as in pnpm. */
const DEPENDENCY_FIELDS = ['peerDependencies', 'devDependencies', 'optionalDependencies', 'dependencies'] as const;

/** The fields yarn's `workspaces foreach --topological` waits for; it ignores `devDependencies` and `peerDependencies`. */
const RUNTIME_FIELDS: readonly string[] = ['dependencies', 'optionalDependencies'];

/** Package managers that refuse a workspace where two packages share a name (npm: EDUPLICATEWORKSPACE); pnpm allows it. */
const UNIQUE_NAMES: readonly PackageManager[] = ['npm', 'yarn'];

interface DeclaredDependency {
  field: string;
  name: string;
  spec: string;
}

/** A workspace package's package.json, validated. */
interface PackageManifest {
  dir: string;
  relativeDir: string;
  /** Undefined for a package.json without a name. */
  packageName: string | undefined;
  version: string;
  scripts: Record<string, string>;
  declared: DeclaredDependency[];
}

/** What pnpm-workspace.yaml says. */
interface PnpmWorkspace {
  patterns: string[];
  /** pnpm's `disallowWorkspaceCycles` setting: pnpm then refuses to install a workspace with a cycle. */
  disallowWorkspaceCycles: boolean;
}

/** What the root package.json says about the workspace. */
interface RootManifest {
  patterns: string[];
  packageManager: PackageManager | undefined;
}

/**
 * Finds every package of the monorepo at `root` and the workspace dependencies between them, accepting what its
 * package manager accepts: a package without a name takes part by its folder, and packages sharing a name (pnpm) are
 * told apart by path, and dependency cycles are accepted where it accepts them (see `assertCyclesAccepted`; `breakCycles`
 * orders them). Everything that would stop a build in dependency order (not a workspace, invalid package.json, names or
 * cycles the package manager refuses) fails here, before anything runs, with every instance listed.
 */
export async function discoverWorkspace(root: string): Promise<Workspace> {
  // The real path: every package folder must resolve inside it, so that no link leads a build out of the workspace.
  const rootDir = await realpath(resolve(root)).catch(() => resolve(root));
  const rootManifestPath = join(rootDir, 'package.json');
  const rootManifest = await readRootManifest(rootDir, rootManifestPath);
  const pnpmWorkspacePath = join(rootDir, 'pnpm-workspace.yaml');
  const pnpmWorkspace = await readPnpmWorkspace(pnpmWorkspacePath);
  const patterns = [...rootManifest.patterns, ...(pnpmWorkspace?.patterns ?? [])];
  if (patterns.length === 0) {
    throw NotAWorkspaceError.noWorkspaceGlobs(rootDir, rootManifestPath, pnpmWorkspace === undefined ? undefined : pnpmWorkspacePath);
  }

  const packageManager = rootManifest.packageManager ?? (await detectPackageManager(rootDir, pnpmWorkspace !== undefined));
  const manifests = await readPackageManifests(rootDir, patterns);
  if (UNIQUE_NAMES.includes(packageManager)) assertUniqueNames(rootDir, packageManager, manifests);
  const ids = packageIds(manifests);
  const byNameAndFolder = indexPackages(manifests);
  const internal = manifests.map((manifest) => internalDependencies(manifest, byNameAndFolder, ids, packageManager));
  const declarationIndex = npmOrder(patterns, manifests);
  const packages: WorkspacePackage[] = manifests.map(({ packageName, version, dir, relativeDir, scripts }, index) => {
    const dependencies = [...new Set(internal[index].map(({ target }) => target))].sort();
    const runtime = new Set(internal[index].filter(({ field }) => RUNTIME_FIELDS.includes(field)).map(({ target }) => target));
    return {
      name: ids[index],
      ...(packageName === undefined ? {} : { packageName }),
      version,
      dir,
      relativeDir,
      scripts,
      dependencies,
      devDependencies: dependencies.filter((id) => !runtime.has(id)),
      declarationIndex: declarationIndex[index],
    };
  });
  const order = packages.map((_, index) => index).sort((a, b) => compare(packages[a].name, packages[b].name));
  const workspace: Workspace = { root: rootDir, packageManager, packages: order.map((index) => packages[index]) };
  assertCyclesAccepted(
    workspace,
    order.map((index) => manifests[index]),
    order.map((index) => internal[index]),
    pnpmWorkspace?.disallowWorkspaceCycles === true,
  );
  return workspace;
}

/**
 * The position of each manifest in npm's order of the workspace (`npm run --workspaces` runs them in it, one at a
 * time): the root `workspaces` globs in turn, each one's folders sorted as npm sorts them (`localeCompare`), a folder
 * where its first glob matches it.
 */
function npmOrder(patterns: readonly string[], manifests: readonly PackageManifest[]): number[] {
  const globs = patterns.filter((pattern) => !pattern.startsWith('!')).map((pattern) => folderGlob(folderPattern(pattern)));
  const firstGlob = manifests.map(({ relativeDir }) => {
    const index = globs.findIndex((matches) => matches(relativeDir));
    return index === -1 ? globs.length : index;
  });
  const order = manifests
    .map((_, index) => index)
    .sort((a, b) => firstGlob[a] - firstGlob[b] || manifests[a].relativeDir.localeCompare(manifests[b].relativeDir, 'en'));
  const position: number[] = [];
  order.forEach((index, at) => (position[index] = at));
  return position;
}

async function readRootManifest(rootDir: string, path: string): Promise<RootManifest> {
  const text = await readText(path);
  if (text === undefined || (isError(text) && (text as NodeJS.ErrnoException).code === 'ENOTDIR')) {
    const found = await stat(rootDir).then(
      (entry) => (entry.isDirectory() ? undefined : ('file' as const)),
      () => 'missing' as const,
    );
    throw found === undefined ? NotAWorkspaceError.missingPackageJson(rootDir) : NotAWorkspaceError.notAFolder(rootDir, found);
  }
  const problems: PackageJsonProblem[] = [];
  const manifest = isError(text) ? unreadable(path, text, problems) : parseObject(path, text, problems);
  const root: RootManifest = {
    patterns: manifest ? workspaceGlobs(path, manifest.workspaces, problems) : [],
    packageManager: manifest ? declaredPackageManager(path, manifest.packageManager, problems) : undefined,
  };
  if (problems.length > 0) throw new InvalidPackageJsonError(problems);
  return root;
}

/** `workspaces` in the npm form (an array) or the yarn form (`{ packages: [...] }`). */
function workspaceGlobs(path: string, value: unknown, problems: PackageJsonProblem[]): string[] {
  if (value === undefined) return [];
  const globs = isRecord(value) ? value.packages : value;
  if (isStringArray(globs)) return globs;
  problems.push({
    path,
    problem: `"workspaces" must be a list of globs or { "packages": [globs] }, but is ${describeValue(value)}`,
    fix: 'Write it as "workspaces": ["packages/*"].',
  });
  return [];
}

/** The `packageManager` field (corepack's `name@version`), when present. */
function declaredPackageManager(path: string, value: unknown, problems: PackageJsonProblem[]): PackageManager | undefined {
  if (value === undefined) return undefined;
  const manager = PACKAGE_MANAGERS.find((name) => typeof value === 'string' && value.startsWith(`${name}@`));
  if (manager === undefined) {
    problems.push({
      path,
      problem: `"packageManager" is ${describeValue(value)}, but PackageBuilder runs scripts with npm, pnpm or yarn`,
      fix: 'Set it to one of them, e.g. "pnpm@9.12.0", or remove it to detect the package manager from the lockfile.',
    });
  }
  return manager;
}

/** The globs of pnpm-workspace.yaml (negations included) and its cycle setting, or undefined when there is no such file. */
async function readPnpmWorkspace(path: string): Promise<PnpmWorkspace | undefined> {
  const text = await readText(path);
  if (text === undefined) return undefined;
  if (isError(text)) throw new InvalidPnpmWorkspaceError(path, `it cannot be read (${text.message})`);
  let document: unknown;
  try {
    document = await parseYaml(text);
  } catch (error) {
    throw new InvalidPnpmWorkspaceError(path, `it is not valid YAML (${errorMessage(error)})`);
  }
  const packages = isRecord(document) ? document.packages : undefined;
  const disallowWorkspaceCycles = isRecord(document) && document.disallowWorkspaceCycles === true;
  if (packages === undefined || packages === null) return { patterns: [], disallowWorkspaceCycles };
  if (!isStringArray(packages)) {
    throw new InvalidPnpmWorkspaceError(path, `"packages" must be a list of globs, but is ${describeValue(packages)}`);
  }
  return { patterns: packages, disallowWorkspaceCycles };
}

async function readPackageManifests(rootDir: string, patterns: readonly string[]): Promise<PackageManifest[]> {
  const paths = await glob(patterns.map(manifestGlob), { cwd: rootDir, ignore: ['**/node_modules/**'], expandDirectories: false });
  if (paths.length === 0) throw NotAWorkspaceError.noPackagesMatched(rootDir, patterns);
  const problems: PackageJsonProblem[] = [];
  const manifests = await Promise.all(paths.sort().map((path) => readPackageManifest(rootDir, path, problems)));
  if (problems.length > 0) throw new InvalidPackageJsonError(problems.sort((a, b) => compare(a.path, b.path)));
  // By folder: among packages sharing a name, the package managers take the first by path.
  return manifests.filter((manifest) => manifest !== undefined).sort((a, b) => compare(a.relativeDir, b.relativeDir));
}

/** A workspace glob names package folders; the package.json inside marks a folder as a package. */
function manifestGlob(pattern: string): string {
  const negated = pattern.startsWith('!');
  const folder = folderPattern(negated ? pattern.slice(1) : pattern);
  const manifest = folder === '.' ? 'package.json' : `${folder}/package.json`;
  return negated ? `!${manifest}` : manifest;
}

/** A workspace glob as a folder pattern relative to the root, `.` for the root itself. */
function folderPattern(pattern: string): string {
  const folder = pattern.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  return folder === '' ? '.' : folder;
}

async function readPackageManifest(
  rootDir: string,
  relativePath: string,
  problems: PackageJsonProblem[],
): Promise<PackageManifest | undefined> {
  const path = join(rootDir, relativePath);
  const text = await readText(path);
  const manifest = isError(text) || text === undefined ? unreadable(path, text, problems) : parseObject(path, text, problems);
  if (manifest === undefined) return undefined;

  const before = problems.length;
  const dir = await folderInside(rootDir, path, problems);
  const name = packageName(path, manifest.name, problems);
  const version = manifest.version ?? '0.0.0';
  if (typeof version !== 'string') {
    problems.push({
      path,
      problem: `"version" must be a string, but is ${describeValue(version)}`,
      fix: 'Set it to a semver version such as "1.0.0".',
    });
  }
  const scripts = stringMap(path, 'scripts', manifest.scripts, problems);
  const declared = new Map<string, DeclaredDependency>();
  for (const field of DEPENDENCY_FIELDS) {
    for (const [dependency, spec] of Object.entries(stringMap(path, field, manifest[field], problems))) {
      declared.set(dependency, { field, name: dependency, spec });
    }
  }
  if (problems.length > before || dir === undefined || name === null || typeof version !== 'string') return undefined;
  return { dir, relativeDir: posix.dirname(relativePath), packageName: name, version, scripts, declared: [...declared.values()] };
}

/**
 * The real folder of a package, when it and its package.json are inside the workspace root once links are followed:
 * a linked folder, or a glob such as "../outside", must not lead a build out of the workspace.
 */
async function folderInside(rootDir: string, manifestPath: string, problems: PackageJsonProblem[]): Promise<string | undefined> {
  const [dir, manifest] = await Promise.all([realpath(dirname(manifestPath)), realpath(manifestPath)]);
  const outside = [dir, manifest].find((path) => !isInside(rootDir, path));
  if (outside === undefined) return dir;
  problems.push({
    path: manifestPath,
    problem: `it resolves to "${outside}", outside the workspace root "${rootDir}"`,
    fix:
      'Move the package into the workspace, or remove the link or the workspace glob that leads out of it: PackageBuilder builds ' +
      'only inside the workspace.',
  });
  return undefined;
}

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot === '' || (fromRoot !== '..' && !fromRoot.startsWith(`..${sep}`) && !isAbsolute(fromRoot));
}

/** Longest name the npm registry accepts. */
const MAX_NAME_LENGTH = 214;

/** The package's name; undefined when it has none (the package managers take it by path), null when it is invalid. */
function packageName(path: string, value: unknown, problems: PackageJsonProblem[]): string | undefined | null {
  // pnpm, npm and yarn take a missing or empty name alike.
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push({
      path,
      problem: `"name" must be a string, but is ${describeValue(value)}`,
      fix: `Set it to a package name such as "${basename(dirname(path))}", or remove it: a package without a name is built by its folder.`,
    });
    return null;
  }
  // npm's own rules for names (capitals allowed, as npm still installs such older names).
  const { validForOldPackages, errors = [] } = validatePackageName(value);
  if (validForOldPackages && value.length <= MAX_NAME_LENGTH) return value;
  problems.push({
    path,
    problem:
      `"name" ${JSON.stringify(value).slice(0, 240)} is not a valid npm package name ` +
      `(${[...errors, ...(value.length > MAX_NAME_LENGTH ? [`longer than ${MAX_NAME_LENGTH} characters`] : [])].join('; ')})`,
    fix:
      'Rename the package by npm’s rules: URL-safe characters, not starting with "." or "_", at most 214 characters, optionally ' +
      '"@scope/name".',
  });
  return null;
}

function stringMap(path: string, field: string, value: unknown, problems: PackageJsonProblem[]): Record<string, string> {
  if (value === undefined) return {};
  const wrong = isRecord(value) ? Object.entries(value).find((entry) => typeof entry[1] !== 'string') : undefined;
  if (isRecord(value) && wrong === undefined) return value as Record<string, string>;
  problems.push({
    path,
    problem: wrong
      ? `"${field}"["${wrong[0]}"] must be a string, but is ${describeValue(wrong[1])}`
      : `"${field}" must be an object, but is ${describeValue(value)}`,
    fix: `Write it as "${field}": { "<name>": "<string>" }.`,
  });
  return {};
}

/** The declarations of `manifest` that get another workspace package's own copy, with that package's id. */
function internalDependencies(
  manifest: PackageManifest,
  index: PackageIndex,
  ids: readonly string[],
  packageManager: PackageManager,
): InternalDependency[] {
  return manifest.declared.flatMap((dependency) => {
    const target = resolveDependency(dependency.name, dependency.spec, manifest.dir, index, packageManager);
    return target === undefined ? [] : [{ ...dependency, target: ids[target] }];
  });
}

interface InternalDependency extends DeclaredDependency {
  /** Id of the workspace package it resolves to. */
  target: string;
}

function assertUniqueNames(rootDir: string, packageManager: PackageManager, manifests: readonly PackageManifest[]): void {
  const pathsByName = new Map<string, string[]>();
  for (const { packageName, dir } of manifests) {
    if (packageName !== undefined) pathsByName.set(packageName, [...(pathsByName.get(packageName) ?? []), join(dir, 'package.json')]);
  }
  const duplicates = [...pathsByName].filter(([, paths]) => paths.length > 1).map(([name, paths]) => ({ name, paths }));
  if (duplicates.length > 0) throw new DuplicatePackageError(rootDir, packageManager, duplicates);
}

/**
 * Refuses the cycles the package manager itself refuses; `manifests` and `internal` are in the order of
 * `workspace.packages`. yarn's `workspaces foreach --topological` waits only for `dependencies` and
 * `optionalDependencies` and stops with "Dependency cycle detected" when those alone form a cycle; pnpm refuses every
 * cycle (a package depending on itself aside, which it ignores) only with `disallowWorkspaceCycles`; npm runs the
 * workspaces in its own order and never looks at cycles. Every other cycle is built by `breakCycles`.
 */
function assertCyclesAccepted(
  workspace: Workspace,
  manifests: readonly PackageManifest[],
  internal: readonly InternalDependency[][],
  disallowWorkspaceCycles: boolean,
): void {
  const { packageManager, packages } = workspace;
  if (packageManager === 'npm' || (packageManager === 'pnpm' && !disallowWorkspaceCycles)) return;
  const counts = (dependency: InternalDependency) => packageManager === 'pnpm' || RUNTIME_FIELDS.includes(dependency.field);
  const links = internal.map((dependencies) => dependencies.filter(counts));
  const graph = workspaceGraph({
    ...workspace,
    packages: packages.map((pkg, index) => ({ ...pkg, dependencies: links[index].map(({ target }) => target) })),
  });
  const cycles = findCycles(graph).filter((cycle) => packageManager === 'yarn' || cycle.length > 2);
  if (cycles.length === 0) return;
  const index = new Map(packages.map((pkg, i) => [pkg.name, i]));
  throw new WorkspaceCycleError(
    workspace.root,
    packageManager,
    cycles.map((cycle) => ({
      packages: cycle,
      declarations: cycle.slice(1).flatMap((to, k): CycleDeclaration[] => {
        const from = index.get(cycle[k]) as number;
        const manifest = posix.join(manifests[from].relativeDir, 'package.json');
        return links[from]
          .filter((dependency) => dependency.target === to)
          .map(({ field, name, spec }) => ({ manifest, field, dependency: name, spec }));
      }),
    })),
  );
}

/** Without a `packageManager` field, the lockfile (or pnpm's workspace file) tells; npm is the default. */
async function detectPackageManager(rootDir: string, hasPnpmWorkspace: boolean): Promise<PackageManager> {
  if (hasPnpmWorkspace || (await pathExists(join(rootDir, 'pnpm-lock.yaml')))) return 'pnpm';
  if (await pathExists(join(rootDir, 'yarn.lock'))) return 'yarn';
  return 'npm';
}

/** The file's text, undefined when it does not exist, or the error that kept it from being read. */
async function readText(path: string): Promise<string | Error | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return isError(error) ? error : new Error(String(error));
  }
}

function unreadable(path: string, error: Error | undefined, problems: PackageJsonProblem[]): undefined {
  problems.push({
    path,
    problem: `it cannot be read (${error?.message ?? 'it disappeared while the workspace was read'})`,
    fix: 'Check that it is a file this user may read.',
  });
  return undefined;
}

function parseObject(path: string, text: string, problems: PackageJsonProblem[]): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    // npm tolerates a byte order mark; JSON.parse does not.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push({
      path,
      problem: `it is not valid JSON (${errorMessage(error)})`,
      fix: 'Fix the syntax: JSON allows no comments and no trailing commas.',
    });
    return undefined;
  }
  if (isRecord(value)) return value;
  problems.push({
    path,
    problem: `it must hold a JSON object, but holds ${describeValue(value)}`,
    fix: 'Put the package fields in one { } object.',
  });
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

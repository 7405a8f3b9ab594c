import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { satisfies } from 'semver';
import { glob } from 'tinyglobby';
import validatePackageName from 'validate-npm-package-name';
import { parse as parseYaml } from 'yaml';
import { findCycles } from '@baton/orchestration/graph';
import { DuplicatePackageError } from './errors/duplicate-package.error';
import { InvalidPackageJsonError } from './errors/invalid-package-json.error';
import type { PackageJsonProblem } from './errors/invalid-package-json.error';
import { InvalidPnpmWorkspaceError } from './errors/invalid-pnpm-workspace.error';
import { NotAWorkspaceError } from './errors/not-a-workspace.error';
import { WorkspaceCycleError } from './errors/workspace-cycle.error';
import type { CycleDeclaration } from './errors/workspace-cycle.error';
import { workspaceGraph } from './workspace.graph';
import { PACKAGE_MANAGERS, type PackageManager, type Workspace, type WorkspacePackage } from './workspace.types';
import { describeValue, errorMessage, isError } from '@baton/orchestration';
import { pathExists } from '../path-exists';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

interface DeclaredDependency {
  field: string;
  name: string;
  spec: string;
}

/** A workspace package's package.json, validated. */
interface PackageManifest {
  dir: string;
  relativeDir: string;
  name: string;
  version: string;
  scripts: Record<string, string>;
  declared: DeclaredDependency[];
}

/** What the root package.json says about the workspace. */
interface RootManifest {
  patterns: string[];
  packageManager: PackageManager | undefined;
}

/**
 * Finds every package of the monorepo at `root` and the workspace dependencies between them. Everything that would
 * stop a build in dependency order (not a workspace, invalid package.json, duplicate names, cycles) fails here, before
 * anything runs, with every instance of the problem listed.
 */
export async function discoverWorkspace(root: string): Promise<Workspace> {
  // The real path: every package folder must resolve inside it, so that no link leads a build out of the workspace.
  const rootDir = await realpath(resolve(root)).catch(() => resolve(root));
  const rootManifestPath = join(rootDir, 'package.json');
  const rootManifest = await readRootManifest(rootDir, rootManifestPath);
  const pnpmWorkspacePath = join(rootDir, 'pnpm-workspace.yaml');
  const pnpmPatterns = await readPnpmWorkspace(pnpmWorkspacePath);
  const patterns = [...rootManifest.patterns, ...(pnpmPatterns ?? [])];
  if (patterns.length === 0) {
    throw NotAWorkspaceError.noWorkspaceGlobs(rootDir, rootManifestPath, pnpmPatterns === undefined ? undefined : pnpmWorkspacePath);
  }

  const manifests = await readPackageManifests(rootDir, patterns);
  assertUniqueNames(rootDir, manifests);
  const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const internal = manifests.map((manifest) => internalDependencies(manifest, byName));
  const packages: WorkspacePackage[] = manifests.map(({ name, version, dir, relativeDir, scripts }, index) => ({
    name,
    version,
    dir,
    relativeDir,
    scripts,
    dependencies: [...new Set(internal[index].map((dependency) => dependency.name))].sort(),
  }));
  const workspace: Workspace = {
    root: rootDir,
    packageManager: rootManifest.packageManager ?? (await detectPackageManager(rootDir, pnpmPatterns !== undefined)),
    packages,
  };
  assertAcyclic(workspace, manifests, internal);
  return workspace;
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

/** The globs of pnpm-workspace.yaml (negations included), or undefined when there is no such file. */
async function readPnpmWorkspace(path: string): Promise<string[] | undefined> {
  const text = await readText(path);
  if (text === undefined) return undefined;
  if (isError(text)) throw new InvalidPnpmWorkspaceError(path, `it cannot be read (${text.message})`);
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new InvalidPnpmWorkspaceError(path, `it is not valid YAML (${errorMessage(error)})`);
  }
  const packages = isRecord(document) ? document.packages : undefined;
  if (packages === undefined || packages === null) return [];
  if (!isStringArray(packages)) {
    throw new InvalidPnpmWorkspaceError(path, `"packages" must be a list of globs, but is ${describeValue(packages)}`);
  }
  return packages;
}

async function readPackageManifests(rootDir: string, patterns: readonly string[]): Promise<PackageManifest[]> {
  const paths = await glob(patterns.map(manifestGlob), { cwd: rootDir, ignore: ['**/node_modules/**'], expandDirectories: false });
  if (paths.length === 0) throw NotAWorkspaceError.noPackagesMatched(rootDir, patterns);
  const problems: PackageJsonProblem[] = [];
  const manifests = await Promise.all(paths.sort().map((path) => readPackageManifest(rootDir, path, problems)));
  if (problems.length > 0) throw new InvalidPackageJsonError(problems.sort((a, b) => compare(a.path, b.path)));
  return manifests
    .filter((manifest) => manifest !== undefined)
    .sort((a, b) => compare(a.name, b.name) || compare(a.relativeDir, b.relativeDir));
}

/** A workspace glob names package folders; the package.json inside marks a folder as a package. */
function manifestGlob(pattern: string): string {
  const negated = pattern.startsWith('!');
  const folder = (negated ? pattern.slice(1) : pattern).trim().replace(/^\.\//, '').replace(/\/+$/, '');
  const manifest = folder === '' || folder === '.' ? 'package.json' : `${folder}/package.json`;
  return negated ? `!${manifest}` : manifest;
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
  const name = packageName(path, dirname(path), manifest.name, problems);
  const version = manifest.version ?? '0.0.0';
  if (typeof version !== 'string') {
    problems.push({
      path,
      problem: `"version" must be a string, but is ${describeValue(version)}`,
      fix: 'Set it to a semver version such as "1.0.0".',
    });
  }
  const scripts = stringMap(path, 'scripts', manifest.scripts, problems);
  const declared = DEPENDENCY_FIELDS.flatMap((field) =>
    Object.entries(stringMap(path, field, manifest[field], problems)).map(([dependency, spec]) => ({ field, name: dependency, spec })),
  );
  if (problems.length > before || dir === undefined || name === undefined || typeof version !== 'string') return undefined;
  return { dir, relativeDir: posix.dirname(relativePath), name, version, scripts, declared };
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

function packageName(path: string, dir: string, value: unknown, problems: PackageJsonProblem[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({
      path,
      problem: value === undefined ? 'it has no "name"' : `"name" must be a non-empty string, but is ${describeValue(value)}`,
      fix: `Add a "name" such as "${basename(dir)}": PackageBuilder tells workspace packages apart by name.`,
    });
    return undefined;
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
  return undefined;
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

/** The declarations of `manifest` that refer to another workspace package's own copy. */
function internalDependencies(manifest: PackageManifest, byName: ReadonlyMap<string, PackageManifest>): DeclaredDependency[] {
  return manifest.declared.filter((dependency) => {
    const target = byName.get(dependency.name);
    return target !== undefined && resolvesToWorkspace(dependency.spec, target, manifest.dir);
  });
}

/**
 * Whether a dependency spec gets the workspace copy of the package rather than a registry one: the `workspace:`
 * protocol, a `file:`/`link:` path to its folder, `*`, or a semver range its version satisfies. A satisfied range
 * counts even where a package manager may be set to fetch it anyway: an extra edge only costs some parallelism, a
 * missing one breaks the build. Dist-tags such as `latest` resolve from the registry (as in npm's arborist).
 */
function resolvesToWorkspace(spec: string, target: PackageManifest, fromDir: string): boolean {
  if (spec.startsWith('workspace:')) return true;
  if (spec.startsWith('file:') || spec.startsWith('link:')) return resolve(fromDir, spec.slice('file:'.length)) === target.dir;
  if (spec === '' || spec === '*') return true;
  return satisfies(target.version, spec, { loose: true });
}

function assertUniqueNames(rootDir: string, manifests: readonly PackageManifest[]): void {
  const pathsByName = new Map<string, string[]>();
  for (const { name, dir } of manifests) pathsByName.set(name, [...(pathsByName.get(name) ?? []), join(dir, 'package.json')]);
  const duplicates = [...pathsByName].filter(([, paths]) => paths.length > 1).map(([name, paths]) => ({ name, paths }));
  if (duplicates.length > 0) throw new DuplicatePackageError(rootDir, duplicates);
}

function assertAcyclic(workspace: Workspace, manifests: readonly PackageManifest[], internal: readonly DeclaredDependency[][]): void {
  const cycles = findCycles(workspaceGraph(workspace));
  if (cycles.length === 0) return;
  // Manifests and packages share the order by name, so one index serves both.
  const index = new Map(manifests.map((manifest, i) => [manifest.name, i]));
  throw new WorkspaceCycleError(
    workspace.root,
    cycles.map((packages) => ({
      packages,
      declarations: packages.slice(1).flatMap((to, k): CycleDeclaration[] => {
        const from = index.get(packages[k]) as number;
        const manifest = posix.join(manifests[from].relativeDir, 'package.json');
        return internal[from]
          .filter((dependency) => dependency.name === to)
          .map(({ field, spec }) => ({ manifest, field, dependency: to, spec }));
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

import { formatCycle } from '@baton/orchestration/graph';
import type { PackageManager } from './workspace/workspace.types';
import { PACKAGE_MANAGERS } from './workspace/workspace.types';
import type { DuplicatePackage } from './workspace/errors/duplicate-package.error';
import type { PackageJsonProblem } from './workspace/errors/invalid-package-json.error';
import type { UnmatchedFilter } from './workspace/errors/unmatched-filter.error';
import type { WorkspaceCycle } from './workspace/errors/workspace-cycle.error';

/** Messages of PackageBuilder's user-facing errors, one builder each: the error classes call them. */

function quote(names: readonly string[], separator: string): string {
  return names.map((name) => `"${name}"`).join(separator);
}

// Building a package

export function missingScriptMessage(
  packageName: string,
  packageJsonPath: string,
  script: string,
  knownScripts: readonly string[],
): string {
  return (
    `Package "${packageName}" has no script "${script}" in ${packageJsonPath}. ` +
    `Its scripts: ${quote(knownScripts, ', ') || 'none'}. ` +
    `PackageBuilder runs only scripts declared in the package's own package.json: add "${script}" to its "scripts", or ask for one it has.`
  );
}

/** How to get `manager` (at `version` when the workspace pins one) on PATH. */
function installHint(manager: PackageManager, version: string | undefined): string {
  if (manager === 'npm') return 'npm ships with Node.js: install Node.js, or add the directory holding its npm to PATH';
  const at = version === undefined ? manager : `${manager}@${version}`;
  return `run "corepack enable ${manager}" (Corepack then runs the version the workspace pins), or install it with "npm i -g ${at}"`;
}

export function packageManagerNotFoundMessage(
  packageManager: PackageManager,
  pinned: string | undefined,
  searchedDirs: readonly string[],
): string {
  return (
    `The workspace uses ${pinned === undefined ? packageManager : `${packageManager}@${pinned}`}, but no "${packageManager}" ` +
    `executable is on PATH (searched: ${searchedDirs.join(', ') || 'PATH is empty'}; Baton's own node_modules/.bin folders are ` +
    `never used). To fix it, ${installHint(packageManager, pinned)}, then run the build again.`
  );
}

export function packageManagerVersionMessage(
  packageManager: PackageManager,
  pinned: string,
  found: string,
  executable: string,
  manifestPath: string,
): string {
  return (
    `The workspace pins ${packageManager}@${pinned} ("packageManager" in ${manifestPath}), but the ${packageManager} on PATH ` +
    `(${executable}) is ${found}, another major version, which may not read the workspace's lockfile and settings. ` +
    `To fix it, ${installHint(packageManager, pinned)}.`
  );
}

export function packageOutsideWorkspaceMessage(packageName: string, packageDir: string, workspaceRoot: string): string {
  return (
    `Package "${packageName}" is in ${packageDir}, which is not inside its workspace ${workspaceRoot} (links resolved), so its ` +
    `scripts are not run. Start a PackageBuilder run on the workspace: its plan step finds each package folder inside it.`
  );
}

export function invalidCacheSettingsMessage(packageJsonPath: string, problems: readonly string[]): string {
  return (
    `Invalid "baton" field in ${packageJsonPath}: ${problems.join('; ')}. ` +
    'Declare it as e.g. "baton": { "outputs": ["dist/**"], "env": ["NODE_ENV"] }, or remove it to use the defaults.'
  );
}

export function folderOutsideWorkspaceMessage(packageName: string, folder: string, workspaceRoot: string): string {
  return (
    `The cache key of package "${packageName}" was to read the files of ${JSON.stringify(folder).slice(0, 200)}, which is not a ` +
    `folder inside its workspace ${workspaceRoot} (links resolved), so nothing was read. ` +
    'Start a PackageBuilder run on the workspace: its plan step lists the dependency folders.'
  );
}

export function notAFolderInWorkspaceMessage(path: string): string {
  return (
    `${path} is a link or a file, not a folder, so PackageBuilder writes no logs or cache entries there. ` +
    'Remove it; PackageBuilder creates the folder on the next build.'
  );
}

export function scriptSpawnMessage(commandLine: string, packageName: string, packageDir: string, cause: string): string {
  return (
    `Could not start "${commandLine}" for package "${packageName}" in ${packageDir}: ${cause}. ` +
    `Check that the package directory exists and that the worker's user can run that program (/bin/sh, or yarn for yarn workspaces).`
  );
}

export function unreadablePackageJsonMessage(packageName: string, packageJsonPath: string, cause: string): string {
  return (
    `Cannot read the package.json of package "${packageName}" at ${packageJsonPath}: ${cause}. ` +
    `Check that the package still exists at that path and that its package.json is valid JSON.`
  );
}

export function unsafeScriptNameMessage(packageName: string, script: string): string {
  return (
    `Package "${packageName}" declares a script named "${script}", which the package manager would take for an option, not a script ` +
    `name. ` +
    `Rename the script in its package.json so that it is not empty and does not start with "-".`
  );
}

export function unsupportedPackageManagerMessage(packageName: string, packageManager: unknown): string {
  return (
    `Package "${packageName}" was to be built with package manager ${JSON.stringify(String(packageManager)).slice(0, 120)}, ` +
    `but PackageBuilder runs scripts only with ${PACKAGE_MANAGERS.join(', ')}. ` +
    'Start a PackageBuilder run on the workspace: its plan step detects the package manager.'
  );
}

// Discovering the workspace

export function duplicatePackageMessage(root: string, packageManager: PackageManager, duplicates: readonly DuplicatePackage[]): string {
  return (
    `The workspace at ${root} has more than one package with the same name, which ${packageManager} refuses:\n` +
    duplicates.map(({ name, paths }) => `  - "${name}" in ${paths.join(' and ')}`).join('\n') +
    '\nRename all but one of them, or exclude the extra folders from the workspace globs.'
  );
}

function packageJsonProblem({ path, problem, fix }: PackageJsonProblem): string {
  return `Invalid package.json at ${path}: ${problem}. ${fix}`;
}

export function invalidPackageJsonMessage(problems: readonly PackageJsonProblem[]): string {
  return problems.length === 1
    ? packageJsonProblem(problems[0])
    : `Found ${problems.length} invalid package.json files:\n${problems.map((problem) => `  - ${packageJsonProblem(problem)}`).join('\n')}`;
}

export function invalidPnpmWorkspaceMessage(path: string, problem: string): string {
  return (
    `Invalid pnpm-workspace.yaml at ${path}: ${problem}. ` +
    'Make "packages" a list of globs, e.g.\npackages:\n  - "packages/*"\n  - "!**/test/**"'
  );
}

export function notAFolderMessage(root: string, found: 'missing' | 'file'): string {
  return (
    `"${root}" ${found === 'missing' ? 'does not exist' : 'is a file, not a folder'}. ` +
    'Point PackageBuilder at the root folder of a monorepo (a relative path is taken from the worker’s working directory).'
  );
}

export function missingPackageJsonMessage(root: string): string {
  return (
    `"${root}" is not a workspace: it has no package.json. ` +
    'Point PackageBuilder at the root of a monorepo: the folder whose package.json lists "workspaces", or that holds pnpm-workspace.yaml.'
  );
}

export function noWorkspaceGlobsMessage(root: string, manifestPath: string, pnpmWorkspacePath: string | undefined): string {
  const pnpm = pnpmWorkspacePath === undefined ? 'there is no pnpm-workspace.yaml' : `${pnpmWorkspacePath} lists no "packages"`;
  return (
    `"${root}" is not a workspace: ${manifestPath} has no "workspaces" field and ${pnpm}. ` +
    'Add "workspaces": ["packages/*"] to the package.json (npm, yarn), or list packages: ["packages/*"] in pnpm-workspace.yaml (pnpm).'
  );
}

export function noPackagesMatchedMessage(root: string, patterns: readonly string[]): string {
  return (
    `"${root}" is not a workspace: its workspace globs ${quote(patterns, ', ')} ` +
    'match no folder with a package.json (node_modules is skipped). Fix the globs, or add a package.json to each package folder.'
  );
}

const LISTED_KNOWN_PACKAGES = 10;

function knownPackages(root: string, known: readonly string[]): string {
  if (known.length === 0) return `The workspace at ${root} has no packages.`;
  const listed =
    known.length <= LISTED_KNOWN_PACKAGES
      ? quote(known, ', ')
      : `${quote(known.slice(0, LISTED_KNOWN_PACKAGES), ', ')} and ${known.length - LISTED_KNOWN_PACKAGES} more`;
  return `The workspace at ${root} has ${listed}.`;
}

export function unmatchedFilterMessage(root: string, unmatched: readonly UnmatchedFilter[], known: readonly string[]): string {
  const named = unmatched.map(({ filter, suggestions }) =>
    suggestions.length === 0 ? `"${filter}"` : `"${filter}" (did you mean ${quote(suggestions, ' or ')}?)`,
  );
  return (
    `The filter${unmatched.length === 1 ? '' : 's'} ${named.join(', ')} match${unmatched.length === 1 ? 'es' : ''} no package. ` +
    `${knownPackages(root, known)} ${FILTER_SYNTAX}`
  );
}

const FILTER_SYNTAX =
  'Filter as pnpm does: by the "name" in a package.json (with * globs: "@acme/*"), by folder relative to the workspace root ' +
  '("./packages/*"), "pkg..." with its dependencies, "...pkg" with its dependents, "!selector" to leave out.';

export function emptyFilterMessage(filter: string): string {
  return `The filter "${filter}" names no package and no folder. ${FILTER_SYNTAX}`;
}

export function gitRefFilterMessage(filter: string, gitRef: string): string {
  return (
    `The filter "${filter}" selects packages changed since ${gitRef}, which PackageBuilder does not support: it does not read git. ` +
    'Name the packages or folders to build instead.'
  );
}

function cycleLines({ packages, declarations }: WorkspaceCycle): string {
  const declared = declarations.map(
    ({ manifest, field, dependency, spec }) => `      ${manifest} has "${dependency}": "${spec}" in "${field}"`,
  );
  return [`  - ${formatCycle(packages)}`, ...declared].join('\n');
}

export function workspaceCycleMessage(root: string, packageManager: 'pnpm' | 'yarn', cycles: readonly WorkspaceCycle[]): string {
  const refusal =
    packageManager === 'yarn'
      ? 'Each link is in "dependencies" or "optionalDependencies", which yarn\'s `workspaces foreach --topological` waits ' +
        'for, so yarn refuses these cycles too ("Dependency cycle detected"). Remove one of the listed dependencies from each ' +
        'cycle, or move it to "devDependencies": yarn and PackageBuilder then build the cycle without waiting for it.'
      : 'pnpm refuses these cycles too, as pnpm-workspace.yaml sets "disallowWorkspaceCycles". Remove one of the listed ' +
        'dependencies from each cycle, or remove the setting to build each cycle as `pnpm -r` does (its packages side by side).';
  return (
    `The workspace at ${root} has ${cycles.length === 1 ? 'a dependency cycle' : `${cycles.length} dependency cycles`} ` +
    '(each package depends on the next):\n' +
    cycles.map(cycleLines).join('\n') +
    `\n${refusal}`
  );
}

/** What PackageBuilder does inside a dependency cycle, by the package manager's own rule (see `breakCycles`). */
const CYCLE_ORDER: Record<PackageManager, string> = {
  pnpm: 'As `pnpm -r` does, PackageBuilder builds them side by side once everything they depend on outside the cycle is built',
  npm:
    'As `npm run --workspaces` runs packages in the order of the "workspaces" globs, PackageBuilder builds each after ' +
    'the packages of the cycle listed before it',
  yarn:
    'As `yarn workspaces foreach --topological` does, PackageBuilder waits inside the cycle for "dependencies" and ' +
    '"optionalDependencies" only',
};

export function cycleWarningMessage(
  packageManager: PackageManager,
  packages: readonly string[],
  notAwaited: readonly { from: string; to: string }[],
): string {
  return (
    `Dependency cycle: ${packages.slice(0, -1).join(', ')} and ${packages[packages.length - 1]} depend on each other, so no ` +
    `order builds each after all its dependencies. ${CYCLE_ORDER[packageManager]}, without waiting on ` +
    `${notAwaited.map(({ from, to }) => `${from} → ${to}`).join(', ')}. Remove one of the dependencies of the cycle to ` +
    'build them in dependency order.'
  );
}

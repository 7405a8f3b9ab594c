/** The package manager a workspace uses; PackageBuilder runs scripts through it. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** Every package manager PackageBuilder runs scripts with: executables found on PATH by these names only. */
export const PACKAGE_MANAGERS: readonly PackageManager[] = ['npm', 'pnpm', 'yarn'];

export function isPackageManager(value: unknown): value is PackageManager {
  return PACKAGE_MANAGERS.includes(value as PackageManager);
}

export interface WorkspacePackage {
  /**
   * Unique, stable id of the package in its workspace, used as its key everywhere (plan, report, graph): the
   * package.json `name` when no other package of the workspace has it; otherwise path-based, `./<relativeDir>` for
   * a package without a name and `<name> (./<relativeDir>)` for one of several private packages sharing a name.
   */
  name: string;
  /** The `name` of its package.json; absent for a package without one (it takes part by path only). */
  packageName?: string;
  version: string;
  /** Absolute directory of the package. */
  dir: string;
  /** Directory relative to the workspace root, with forward slashes. */
  relativeDir: string;
  /** The package's own `scripts` from its package.json. */
  scripts: Record<string, string>;
  /** Ids (`name`) of the workspace packages it depends on (any dependency field), sorted. */
  dependencies: string[];
  /**
   * Of `dependencies`, those declared only in `devDependencies` or `peerDependencies` (yarn's `workspaces foreach
   * --topological` does not wait for them), sorted.
   */
  devDependencies: string[];
  /** Its position in the order npm runs `--workspaces`: by the first root `workspaces` glob matching its folder, then by folder. */
  declarationIndex: number;
  /** Set by `breakCycles` on each package of a dependency cycle. */
  cycle?: PackageCycle;
}

/**
 * A package's part in a dependency cycle of the packages to build (a strongly connected component: each depends on
 * the others, directly or not). No build order satisfies every link, so some are not waited for, by the package
 * manager's own rule (see `breakCycles`).
 */
export interface PackageCycle {
  /** Ids of every package of the cycle, sorted: the same on each of them. */
  packages: string[];
  /** Its dependencies inside the cycle that it does not wait for; they are left out of its `dependencies`. Sorted. */
  notAwaited: string[];
}

export interface Workspace {
  /** Absolute root directory. */
  root: string;
  packageManager: PackageManager;
  /** Sorted by id (`name`). */
  packages: WorkspacePackage[];
}

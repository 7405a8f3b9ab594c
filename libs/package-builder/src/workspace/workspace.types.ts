/** The package manager a workspace uses; PackageBuilder runs scripts through it. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** Every package manager PackageBuilder runs scripts with: executables found on PATH by these names only. */
export const PACKAGE_MANAGERS: readonly PackageManager[] = ['npm', 'pnpm', 'yarn'];

export function isPackageManager(value: unknown): value is PackageManager {
  return PACKAGE_MANAGERS.includes(value as PackageManager);
}

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute directory of the package. */
  dir: string;
  /** Directory relative to the workspace root, with forward slashes. */
  relativeDir: string;
  /** The package's own `scripts` from its package.json. */
  scripts: Record<string, string>;
  /** Names of the workspace packages it depends on (any dependency field), sorted. */
  dependencies: string[];
}

export interface Workspace {
  /** Absolute root directory. */
  root: string;
  packageManager: PackageManager;
  /** Sorted by name. */
  packages: WorkspacePackage[];
}

/**
 * What the plan previews need of a package: `PackagePlan` (the plan step's result) and `WorkspacePackage` (discovery
 * and selection) both fit.
 */
export interface PlannedPackage {
  /** Unique id in the workspace: the package name, or path-based for a nameless or shared name. */
  name: string;
  /** The package.json `name`, absent for a package without one. */
  packageName?: string;
  /** Folder relative to the workspace root. */
  relativeDir: string;
  /** Ids of the packages it waits for; ids outside the list are ignored (not part of this run). */
  dependencies: readonly string[];
  /** Set on the packages of a dependency cycle (`breakCycles`): the dependencies inside it that it does not wait for. */
  cycle?: { notAwaited: readonly string[] };
  /** Set when the package has nothing to run: it ends at once without taking a lane. */
  skip?: string;
}

/** The selected packages as a plain graph: the data behind `--graph json|dot|mermaid`. */
export interface PlanGraph {
  packages: PlanGraphNode[];
  /**
   * `from` depends on `to` (turbo's direction): `to` builds first, unless `cycle` is set: a link inside a dependency
   * cycle that the build does not wait for. Sorted by `from`, then `to`.
   */
  dependencies: PlanGraphLink[];
}

export interface PlanGraphLink {
  from: string;
  to: string;
  cycle?: true;
}

export interface PlanGraphNode {
  id: string;
  /** The package.json `name`, when it has one. */
  name?: string;
  path: string;
  /** False when the package has nothing to run (no build script, no tests asked for). */
  runs: boolean;
}

/** The graph of the given packages, in their order, with the edges between them only. */
export function planGraph(packages: readonly PlannedPackage[]): PlanGraph {
  const ids = new Set(packages.map((pkg) => pkg.name));
  return {
    packages: packages.map((pkg) => ({
      id: pkg.name,
      ...(pkg.packageName === undefined ? {} : { name: pkg.packageName }),
      path: pkg.relativeDir,
      runs: !pkg.skip,
    })),
    dependencies: packages
      .flatMap((pkg): PlanGraphLink[] => [
        ...[...new Set(pkg.dependencies)].filter((id) => ids.has(id)).map((to) => ({ from: pkg.name, to })),
        ...(pkg.cycle?.notAwaited ?? []).filter((id) => ids.has(id)).map((to) => ({ from: pkg.name, to, cycle: true as const })),
      ])
      .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to)),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

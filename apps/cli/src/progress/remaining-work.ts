import type { GraphNodeStatus } from '@baton/orchestration';

/** What is left of a build, in time: its longest chain of unfinished packages, and all their work. */
export interface RemainingWork {
  chainMs: number;
  workMs: number;
}

export interface UnfinishedPackage {
  status: GraphNodeStatus;
  dependsOn: readonly string[];
  /** How long it has been building, for a running package. */
  elapsedMs?: number;
}

/**
 * The work left, from the packages not yet ended only (skipped and blocked ones have no work, built ones none left),
 * each estimated at `meanBuildMs`, a running one less what it has done so far. The chain follows the dependencies: a
 * dependent cannot start before its dependency ends, however many lanes are free.
 */
export function remainingWork(packages: ReadonlyMap<string, UnfinishedPackage>, meanBuildMs: number): RemainingWork {
  const unfinished = [...packages].filter(([, pkg]) => pkg.status === 'pending' || pkg.status === 'running');
  const open = new Set(unfinished.map(([key]) => key));
  const cost = (pkg: UnfinishedPackage) => (pkg.status === 'running' ? Math.max(meanBuildMs - (pkg.elapsedMs ?? 0), 0) : meanBuildMs);
  // Longest chain ending at each package: its own cost after its longest unfinished dependency's chain.
  const chains = new Map<string, number>();
  const chainTo = (key: string, visiting: Set<string>): number => {
    const known = chains.get(key);
    if (known !== undefined) return known;
    const pkg = packages.get(key)!;
    visiting.add(key);
    const before = pkg.dependsOn.filter((dependency) => open.has(dependency) && !visiting.has(dependency));
    const chain = cost(pkg) + Math.max(0, ...before.map((dependency) => chainTo(dependency, visiting)));
    visiting.delete(key);
    chains.set(key, chain);
    return chain;
  };
  return {
    chainMs: Math.max(0, ...unfinished.map(([key]) => chainTo(key, new Set()))),
    workMs: unfinished.reduce((sum, [, pkg]) => sum + cost(pkg), 0),
  };
}

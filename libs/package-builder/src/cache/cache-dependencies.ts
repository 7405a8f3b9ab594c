import type { PackagePlan } from '../workflows/build-input';
import type { Workspace } from '../workspace/workspace.types';

/**
 * The plans, each with what its cache key takes from the workspace packages it depends on (`cacheDependencies`).
 * A dependency that builds in this run adds its last successful build (which holds its own dependencies' in turn);
 * one that does not (no build script, or left out of the selection) adds its files, and the packages it depends on
 * the same way: so a change anywhere below a package reaches its key. A dependency in the same cycle that the package
 * does not wait for (`cycle.notAwaited`) may be rebuilding alongside it, so its last build says nothing: its files count
 * instead, like a dependency with nothing to build.
 */
export function withCacheDependencies(workspace: Workspace, plans: readonly PackagePlan[]): PackagePlan[] {
  const byName = new Map(workspace.packages.map((pkg) => [pkg.name, pkg]));
  const builds = new Set(plans.filter((plan) => plan.skip === undefined).map((plan) => plan.name));
  return plans.map((plan) => {
    const packages = new Set<string>();
    const folders = new Set<string>();
    const seen = new Set<string>([plan.name]);
    const notAwaited = new Set(plan.cycle?.notAwaited);
    const pending = [...(byName.get(plan.name)?.dependencies ?? plan.dependencies)];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const dependency = byName.get(name);
      if ((builds.has(name) && !notAwaited.has(name)) || dependency === undefined) packages.add(name);
      else {
        folders.add(dependency.relativeDir);
        pending.push(...dependency.dependencies);
      }
    }
    return { ...plan, cacheDependencies: { packages: [...packages].sort(), folders: [...folders].sort() } };
  });
}

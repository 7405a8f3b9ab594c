import { cycleUnits } from '@baton/orchestration/graph';
import { workspaceGraph } from './workspace.graph';
import type { PackageManager, Workspace, WorkspacePackage } from './workspace.types';

/**
 * The packages to build with no dependency cycle left, as the build loop needs, each package's `dependencies` then
 * being what it waits for. A cycle (a strongly connected component of 2+ packages: each depends on the others,
 * directly or not) is built as a unit, as `pnpm -r` builds it in one chunk: its packages wait for everything any of
 * them depends on outside it, and a package depending on one of them waits for all of them. Inside, only the links
 * the package manager itself waits for are kept; the others are listed in the package's `cycle`:
 * - pnpm: none. `pnpm -r` (graph-sequencer) starts the packages of a cycle side by side.
 * - npm: a package waits for the packages of its cycle that come before it in npm's order (`declarationIndex`), as
 *   `npm run --workspaces` runs them one at a time in that order.
 * - yarn: a package waits for its `dependencies` and `optionalDependencies`, not for its `devDependencies` or
 *   `peerDependencies`, as `yarn workspaces foreach --topological`; discovery refuses a cycle of the former alone.
 * A package's dependency on itself is dropped, as pnpm drops it. Run it on the selected packages (`selectPackages`),
 * so that only the cycles of the run are broken.
 */
export function breakCycles(workspace: Workspace): Workspace {
  const { packages, packageManager } = workspace;
  const graph = workspaceGraph(workspace);
  const { waitsFor, components } = cycleUnits(graph, (node, dependency) => awaits(packageManager, packages[node], packages[dependency]));
  const { component, componentCount } = components;
  const selfLinked = packages.some((pkg) => pkg.dependencies.includes(pkg.name));
  if (componentCount === packages.length && !selfLinked) return workspace;

  const members: string[][] = Array.from({ length: componentCount }, () => []);
  packages.forEach((pkg, v) => members[component[v]].push(pkg.name));
  return {
    ...workspace,
    packages: packages.map((pkg, v): WorkspacePackage => {
      const dependencies = waitsFor[v].map((d) => packages[d].name);
      const cycle = members[component[v]];
      const inside = pkg.dependencies.filter((id) => id !== pkg.name && cycle.includes(id));
      return {
        ...pkg,
        dependencies,
        devDependencies: pkg.devDependencies.filter((id) => dependencies.includes(id)),
        ...(cycle.length > 1 ? { cycle: { packages: cycle, notAwaited: inside.filter((id) => !dependencies.includes(id)) } } : {}),
      };
    }),
  };
}

/** Whether `pkg` waits for `dependency`, a package of its own cycle, under the package manager's rule. */
function awaits(packageManager: PackageManager, pkg: WorkspacePackage, dependency: WorkspacePackage): boolean {
  if (packageManager === 'npm') return dependency.declarationIndex < pkg.declarationIndex;
  if (packageManager === 'yarn') return !pkg.devDependencies.includes(dependency.name);
  return false;
}

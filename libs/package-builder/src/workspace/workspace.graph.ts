import { buildDependencyGraph, type DependencyGraph } from '@baton/orchestration/graph';
import type { Workspace } from './workspace.types';

/** The workspace as a dependency graph: one node per package, keyed by id (`name`), in workspace order. */
export function workspaceGraph(workspace: Workspace): DependencyGraph {
  const { packages } = workspace;
  return buildDependencyGraph(
    packages.map((pkg) => pkg.name),
    (_name, index) => packages[index].dependencies,
  ).graph;
}

import { selectWithDependencies } from '@baton/orchestration/graph';
import { UnknownPackageError } from './errors/unknown-package.error';
import { workspaceGraph } from './workspace.graph';
import type { Workspace } from './workspace.types';

const MAX_SUGGESTIONS = 3;

/**
 * The part of the workspace needed to build the named packages: them plus everything they transitively depend on.
 * No filters selects the whole workspace; a name the workspace lacks fails with the closest known names.
 */
export function selectPackages(workspace: Workspace, filters: readonly string[]): Workspace {
  if (filters.length === 0) return workspace;
  const known = workspace.packages.map((pkg) => pkg.name);
  const knownSet = new Set(known);
  const unknown = [...new Set(filters)].filter((name) => !knownSet.has(name));
  if (unknown.length > 0) {
    throw new UnknownPackageError(
      workspace.root,
      unknown.map((name) => ({ name, suggestions: closeNames(name, known) })),
      known,
    );
  }
  const selected = new Set(selectWithDependencies(workspaceGraph(workspace), filters).keys);
  return { ...workspace, packages: workspace.packages.filter((pkg) => selected.has(pkg.name)) };
}

/** Known names a typo or a missing scope away (`cache` → `@acme/cache`), closest first. */
function closeNames(name: string, known: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const tolerance = Math.max(1, Math.floor(unscoped(wanted).length / 4));
  return known
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      return { candidate, distance: Math.min(editDistance(wanted, lower), editDistance(unscoped(wanted), unscoped(lower))) };
    })
    .filter(({ distance }) => distance <= tolerance)
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ candidate }) => candidate);
}

function unscoped(name: string): string {
  return name.replace(/^@[^/]*\//, '');
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

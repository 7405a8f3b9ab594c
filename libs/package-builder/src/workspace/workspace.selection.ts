import { posix } from 'node:path';
import type { DependencyGraph } from '@baton/orchestration/graph';
import { UnmatchedFilterError, type UnmatchedFilter } from './errors/unmatched-filter.error';
import { folderGlob } from './folder-glob';
import { parsePackageSelector, type PackageSelector } from './package-selector';
import { workspaceGraph } from './workspace.graph';
import type { Workspace, WorkspacePackage } from './workspace.types';

const MAX_SUGGESTIONS = 3;

/**
 * The part of the workspace that pnpm's `--filter` selectors select, with pnpm's semantics: several selectors add up,
 * `!` selectors take out. `foo` alone selects foo only: a dependency left out is not part of the run, and the
 * selected packages' `dependencies` name only selected ones. No filters select the whole workspace; a selector
 * matching no package fails, naming it, with the closest package names.
 */
export function selectPackages(workspace: Workspace, filters: readonly string[]): Workspace {
  if (filters.length === 0) return workspace;
  const selectors = [...new Set(filters)].map(parsePackageSelector);
  const graph = workspaceGraph(workspace);
  const unmatched: UnmatchedFilter[] = [];
  const walk = (group: readonly PackageSelector[]) => selectByGroup(workspace.packages, graph, group, unmatched);
  const include = selectors.filter((selector) => !selector.exclude);
  const included = include.length === 0 ? new Set(workspace.packages.keys()) : walk(include);
  const excluded = walk(selectors.filter((selector) => selector.exclude));
  if (unmatched.length > 0) {
    throw new UnmatchedFilterError(
      workspace.root,
      unmatched,
      workspace.packages.map((pkg) => pkg.name),
    );
  }
  const selected = workspace.packages.filter((_, index) => included.has(index) && !excluded.has(index));
  const ids = new Set(selected.map((pkg) => pkg.name));
  return {
    ...workspace,
    packages: selected.map((pkg) => ({
      ...pkg,
      dependencies: pkg.dependencies.filter((dependency) => ids.has(dependency)),
      devDependencies: pkg.devDependencies.filter((dependency) => ids.has(dependency)),
    })),
  };
}

/**
 * The packages (by index) one group of selectors selects, walked as pnpm walks them: the groups' walks share what
 * they have visited, so `^` leaves out a matched package only when no other selector of the group reaches it.
 */
function selectByGroup(
  packages: readonly WorkspacePackage[],
  graph: DependencyGraph,
  selectors: readonly PackageSelector[],
  unmatched: UnmatchedFilter[],
): Set<number> {
  const picked: number[] = [];
  const dependencies = new Set<number>();
  const dependents = new Set<number>();
  const dependentsDependencies = new Set<number>();
  const dependenciesOf = (index: number) => graph.dependenciesOf(index);
  const dependentsOf = (index: number) => graph.dependentsOf(index);
  for (const selector of selectors) {
    const entries = matchEntries(packages, selector);
    if (entries.length === 0) unmatched.push({ filter: selector.filter, suggestions: suggestionsFor(selector, packages) });
    const includeSelf = !selector.excludeSelf;
    if (selector.includeDependencies) walkFrom(entries, dependenciesOf, dependencies, includeSelf);
    if (selector.includeDependents) walkFrom(entries, dependentsOf, dependents, includeSelf);
    if (selector.includeDependencies && selector.includeDependents)
      walkFrom([...dependents], dependenciesOf, dependentsDependencies, false);
    if (!selector.includeDependencies && !selector.includeDependents) picked.push(...entries);
  }
  return new Set([...dependencies, ...dependents, ...dependentsDependencies, ...picked]);
}

/** pnpm's `pickSubgraph`: everything reachable from `from` along `next`, `from` itself only when `includeSelf`. */
function walkFrom(from: Iterable<number>, next: (index: number) => Iterable<number>, walked: Set<number>, includeSelf: boolean): void {
  for (const index of from) {
    if (walked.has(index)) continue;
    if (includeSelf) walked.add(index);
    walkFrom(next(index), next, walked, true);
  }
}

/** The packages a selector's name and folder patterns match, both when it has both. */
function matchEntries(packages: readonly WorkspacePackage[], selector: PackageSelector): number[] {
  const inFolder = selector.folderPattern === undefined ? undefined : folderGlob(selector.folderPattern);
  const candidates = packages.flatMap((pkg, index) => (inFolder === undefined || inFolder(pkg.relativeDir) ? [index] : []));
  return selector.namePattern === undefined ? candidates : matchName(packages, candidates, selector.namePattern);
}

/**
 * pnpm's name matching: `*` stands for any characters, anything else is literal; a package without a name never
 * matches. An unscoped name that matches nothing selects the one scoped package of that name (`cache` for
 * `@acme/cache`), if there is exactly one.
 */
function matchName(packages: readonly WorkspacePackage[], candidates: readonly number[], pattern: string): number[] {
  const regexp = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const matches = candidates.filter((index) => packages[index].packageName !== undefined && regexp.test(packages[index].packageName!));
  if (matches.length > 0 || pattern.startsWith('@') || pattern.includes('/')) return matches;
  const scoped = matchName(packages, candidates, `@*/${pattern}`);
  return scoped.length === 1 ? scoped : [];
}

/** Close package names, and the folder of a package without a name when the filter names its folder (`./docs` for `docs`). */
function suggestionsFor({ namePattern }: PackageSelector, packages: readonly WorkspacePackage[]): string[] {
  if (namePattern === undefined || namePattern.includes('*')) return [];
  const names = [...new Set(packages.flatMap((pkg) => (pkg.packageName === undefined ? [] : [pkg.packageName])))];
  const folders = packages.filter((pkg) => pkg.packageName === undefined && posix.basename(pkg.relativeDir) === namePattern);
  return [...folders.map((pkg) => pkg.name), ...closeNames(namePattern, names)].slice(0, MAX_SUGGESTIONS);
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

/**
 * The dependency graph every analysis in this folder runs on. Sandbox-safe: no imports outside this folder, no clock,
 * no randomness, so the workflow interpreter can rebuild it deterministically on every replay.
 */
import { assertNodeIndex } from './graph-arguments';

/** How `buildDependencyGraph` learns a node's dependencies: a map by key, or a function of the key and its position in `nodes`. */
export type DependencyLookup = ReadonlyMap<string, readonly string[]> | ((node: string, index: number) => readonly string[] | undefined);

/** A dependency that names no node of the graph; the edge is left out of the graph. */
export interface UnknownDependency {
  node: string;
  dependency: string;
}

/** The graph plus every problem found in the input, so a validator can report them all at once. */
export interface DependencyGraphBuild {
  graph: DependencyGraph;
  /** In the order of `nodes`, then of each node's dependency list; each pair once. */
  unknownDependencies: UnknownDependency[];
  /** Keys listed more than once, each reported once; the first occurrence is kept and later ones are ignored. */
  duplicateNodes: string[];
}

/**
 * An immutable directed graph over integer node ids `0 .. size - 1`, with edges from dependency to dependent.
 * Both directions are stored as CSR adjacency (an offsets array and a targets array), sorted by id,
 * so analyses walk typed arrays instead of objects and equal graphs give equal results whatever order
 * the dependencies were listed in.
 */
export class DependencyGraph {
  /** Number of nodes. */
  readonly size: number;
  /** Number of edges (distinct dependency pairs, self-loops included). */
  readonly edgeCount: number;
  /** Key of each node, by id. */
  readonly keys: readonly string[];
  /** Dependencies of node `i` are `dependencyTargets[dependencyOffsets[i] .. dependencyOffsets[i + 1])`. Read-only by contract. */
  readonly dependencyOffsets: Int32Array;
  /** See `dependencyOffsets`. Read-only by contract. */
  readonly dependencyTargets: Int32Array;
  /** Dependents of node `i` are `dependentTargets[dependentOffsets[i] .. dependentOffsets[i + 1])`. Read-only by contract. */
  readonly dependentOffsets: Int32Array;
  /** See `dependentOffsets`. Read-only by contract. */
  readonly dependentTargets: Int32Array;
  private readonly indexByKey: ReadonlyMap<string, number>;

  /**
   * Low-level: takes ownership of an already consistent dependency adjacency (unique keys, each list
   * sorted ascending without repeats). Use `buildDependencyGraph` for anything that comes from users.
   */
  constructor(
    keys: readonly string[],
    indexByKey: ReadonlyMap<string, number>,
    dependencyOffsets: Int32Array,
    dependencyTargets: Int32Array,
  ) {
    const size = keys.length;
    this.size = size;
    this.edgeCount = dependencyTargets.length;
    this.keys = keys;
    this.indexByKey = indexByKey;
    this.dependencyOffsets = dependencyOffsets;
    this.dependencyTargets = dependencyTargets;

    // Counting sort by dependency; visiting dependents in ascending id keeps each list sorted.
    const dependentOffsets = new Int32Array(size + 1);
    for (let e = 0; e < dependencyTargets.length; e++) dependentOffsets[dependencyTargets[e] + 1]++;
    for (let i = 0; i < size; i++) dependentOffsets[i + 1] += dependentOffsets[i];
    const next = dependentOffsets.slice(0, size);
    const dependentTargets = new Int32Array(dependencyTargets.length);
    for (let v = 0; v < size; v++) {
      for (let e = dependencyOffsets[v], end = dependencyOffsets[v + 1]; e < end; e++) {
        dependentTargets[next[dependencyTargets[e]]++] = v;
      }
    }
    this.dependentOffsets = dependentOffsets;
    this.dependentTargets = dependentTargets;
  }

  /** Id of the node with this key, or -1 when the graph has no such node. */
  indexOf(key: string): number {
    return this.indexByKey.get(key) ?? -1;
  }

  /** Ids of the nodes this node depends on, ascending (a view: do not write to it). */
  dependenciesOf(index: number): Int32Array {
    assertNodeIndex(this, index);
    return this.dependencyTargets.subarray(this.dependencyOffsets[index], this.dependencyOffsets[index + 1]);
  }

  /** Ids of the nodes that depend on this node, ascending (a view: do not write to it). */
  dependentsOf(index: number): Int32Array {
    assertNodeIndex(this, index);
    return this.dependentTargets.subarray(this.dependentOffsets[index], this.dependentOffsets[index + 1]);
  }
}

/** Builds the graph from user-declared dependencies, collecting unknown dependencies and duplicate keys instead of throwing. */
export function buildDependencyGraph(nodes: readonly string[], dependenciesOf: DependencyLookup): DependencyGraphBuild {
  const keys: string[] = [];
  const positions: number[] = [];
  const indexByKey = new Map<string, number>();
  const duplicateNodes: string[] = [];
  const reportedDuplicates = new Set<string>();
  for (let position = 0; position < nodes.length; position++) {
    const key = nodes[position];
    if (!indexByKey.has(key)) {
      indexByKey.set(key, keys.length);
      keys.push(key);
      positions.push(position);
    } else if (!reportedDuplicates.has(key)) {
      reportedDuplicates.add(key);
      duplicateNodes.push(key);
    }
  }

  const lookup = typeof dependenciesOf === 'function' ? dependenciesOf : (node: string) => dependenciesOf.get(node);
  const size = keys.length;
  const offsets = new Int32Array(size + 1);
  const targets: number[] = [];
  const unknownDependencies: UnknownDependency[] = [];
  // lastSeenBy[j] === v when v already lists j, so repeats cost O(1) to drop.
  const lastSeenBy = new Int32Array(size).fill(-1);
  let needsSort = false;
  for (let v = 0; v < size; v++) {
    const node = keys[v];
    const firstUnknown = unknownDependencies.length;
    const start = targets.length;
    for (const dependency of lookup(node, positions[v]) ?? []) {
      const j = indexByKey.get(dependency);
      if (j === undefined) {
        if (!hasUnknownSince(unknownDependencies, firstUnknown, dependency)) {
          unknownDependencies.push({ node, dependency });
        }
      } else if (lastSeenBy[j] !== v) {
        lastSeenBy[j] = v;
        if (targets.length > start && targets[targets.length - 1] > j) needsSort = true;
        targets.push(j);
      }
    }
    offsets[v + 1] = targets.length;
  }

  const dependencyTargets = Int32Array.from(targets);
  if (needsSort) {
    for (let v = 0; v < size; v++) {
      if (offsets[v + 1] - offsets[v] > 1) dependencyTargets.subarray(offsets[v], offsets[v + 1]).sort();
    }
  }
  return {
    graph: new DependencyGraph(keys, indexByKey, offsets, dependencyTargets),
    unknownDependencies,
    duplicateNodes,
  };
}

function hasUnknownSince(unknown: readonly UnknownDependency[], from: number, dependency: string): boolean {
  for (let k = from; k < unknown.length; k++) if (unknown[k].dependency === dependency) return true;
  return false;
}

import type { DependencyGraph } from './dependency-graph';
import { resolveWeights } from './graph-arguments';
import { requireTopologicalOrder } from './topological-order';

/** The longest weighted chain through the graph and its total weight. */
export interface CriticalPath {
  /** From a node with no dependencies to a node with no dependents; empty for an empty graph. */
  keys: string[];
  length: number;
}

/**
 * Scheduling priority of each node (by id): its weight plus the heaviest chain of its transitive dependents,
 * i.e. how much work at least still follows once it starts. Weights default to 1 per node.
 */
export function bottomLevels(graph: DependencyGraph, weights?: ArrayLike<number>): Float64Array {
  return computeBottomLevels(graph, resolveWeights(graph, weights), 'bottom levels');
}

/** The chain of dependencies that bounds the makespan: no schedule finishes sooner than its length. Weights default to 1 per node. */
export function criticalPath(graph: DependencyGraph, weights?: ArrayLike<number>): CriticalPath {
  const { size, keys, dependencyOffsets, dependentOffsets, dependentTargets } = graph;
  const levels = computeBottomLevels(graph, resolveWeights(graph, weights), 'the critical path');
  // Ties go to the smallest id, both for the start and at every step, so the path is deterministic.
  let v = -1;
  for (let i = 0; i < size; i++) {
    if (dependencyOffsets[i + 1] === dependencyOffsets[i] && (v === -1 || levels[i] > levels[v])) v = i;
  }
  if (v === -1) return { keys: [], length: 0 };

  const path = [keys[v]];
  const length = levels[v];
  while (dependentOffsets[v + 1] > dependentOffsets[v]) {
    let next = dependentTargets[dependentOffsets[v]];
    for (let e = dependentOffsets[v] + 1, end = dependentOffsets[v + 1]; e < end; e++) {
      if (levels[dependentTargets[e]] > levels[next]) next = dependentTargets[e];
    }
    v = next;
    path.push(keys[v]);
  }
  return { keys: path, length };
}

/** Bottom levels from already validated weights; shared by every analysis built on them. */
export function computeBottomLevels(graph: DependencyGraph, weights: Float64Array, analysis: string): Float64Array {
  const { size, dependentOffsets, dependentTargets } = graph;
  const order = requireTopologicalOrder(graph, analysis);
  const levels = new Float64Array(size);
  for (let k = size - 1; k >= 0; k--) {
    const v = order[k];
    let heaviest = 0;
    for (let e = dependentOffsets[v], end = dependentOffsets[v + 1]; e < end; e++) {
      const level = levels[dependentTargets[e]];
      if (level > heaviest) heaviest = level;
    }
    levels[v] = weights[v] + heaviest;
  }
  return levels;
}

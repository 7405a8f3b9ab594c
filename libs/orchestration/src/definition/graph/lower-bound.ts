import { computeBottomLevels } from './critical-path';
import type { DependencyGraph } from './dependency-graph';
import { assertConcurrency, resolveWeights } from './graph-arguments';

/** The two limits on how fast the graph can run, and the tighter of them. */
export interface LowerBound {
  /** Length of the critical path: the dependencies alone force this much time. */
  criticalPath: number;
  /** Sum of all weights. */
  totalWork: number;
  /** `max(criticalPath, totalWork / concurrency)`: no schedule with this concurrency finishes sooner. */
  bound: number;
}

/** The shortest makespan any schedule could reach with `concurrency` workers, to judge how close a run came to it. */
export function lowerBound(graph: DependencyGraph, weights: ArrayLike<number>, concurrency: number): LowerBound {
  assertConcurrency(concurrency);
  const resolved = resolveWeights(graph, weights);
  const levels = computeBottomLevels(graph, resolved, 'a lower bound');
  let criticalPath = 0;
  let totalWork = 0;
  for (let v = 0; v < graph.size; v++) {
    if (levels[v] > criticalPath) criticalPath = levels[v];
    totalWork += resolved[v];
  }
  return { criticalPath, totalWork, bound: Math.max(criticalPath, totalWork / concurrency) };
}

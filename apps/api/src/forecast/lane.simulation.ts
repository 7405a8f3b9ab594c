/**
 * Items with keys and dependencies, handed to the graph engine's lane simulation (the loop's own list scheduling).
 * Browser-safe (the dashboard's live ETA uses it too): it imports the graph engine only.
 */
import { buildDependencyGraph, simulateLanes } from '@baton/orchestration/graph';

export interface SimulatedItem {
  key: string;
  /** Keys of the items it waits for; keys not in the set count as done. */
  dependsOn: readonly string[];
  /** Estimated duration (for a running item: what is left of it). */
  durationMs: number;
  /** Already running: holds a lane from the start, before any other item. */
  running?: boolean;
}

/**
 * The makespan of `items` on `lanes` lanes, in ms from now, priority ties by key (a loop with a `key`) or by position.
 * Running items keep their lanes (all of them, even past a narrowed window). Throws the graph engine's
 * DependencyCycleError when the items' dependencies have a cycle.
 */
export function simulatedMakespan(items: readonly SimulatedItem[], lanes: number, byKey: boolean): number {
  const { graph } = buildDependencyGraph(
    items.map((item) => item.key),
    (_key, index) => items[index].dependsOn,
  );
  return simulateLanes(graph, {
    lanes,
    durations: items.map((item) => Math.max(0, item.durationMs)),
    byKey,
    running: items.map((item) => item.running === true),
  }).makespanMs;
}

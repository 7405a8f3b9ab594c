/**
 * How long a set of items takes on N lanes, simulated the way a loop runs them: whenever a lane is free it takes the
 * ready item (every dependency done) with the longest remaining chain of dependents, the loop's own priority (bottom
 * levels from the graph engine). Browser-safe (the dashboard's live ETA uses it too): it imports the graph engine only.
 */
import { bottomLevels, buildDependencyGraph } from '@baton/orchestration/graph';

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
 * The makespan of `items` on `lanes` lanes, in ms from now. Running items keep their lanes (all of them, even past a
 * narrowed window). Throws the graph engine's DependencyCycleError when the items' dependencies have a cycle.
 */
export function simulateLanes(items: readonly SimulatedItem[], lanes: number): number {
  const { graph } = buildDependencyGraph(
    items.map((item) => item.key),
    (_key, index) => items[index].dependsOn,
  );
  const size = graph.size;
  const duration = Float64Array.from(graph.keys, (_key, v) => Math.max(0, items[v].durationMs));
  const levels = bottomLevels(graph, duration);
  const waitingOn = Int32Array.from({ length: size }, (_, v) => graph.dependenciesOf(v).length);
  // Ready items, highest level last (popped first); kept sorted by binary insertion.
  const ready: number[] = [];
  const makeReady = (v: number) => {
    let low = 0;
    let high = ready.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (levels[ready[middle]] < levels[v] || (levels[ready[middle]] === levels[v] && ready[middle] > v)) low = middle + 1;
      else high = middle;
    }
    ready.splice(low, 0, v);
  };
  const inFlight: { v: number; end: number }[] = [];
  for (let v = 0; v < size; v++) {
    if (items[v].running) inFlight.push({ v, end: duration[v] });
    else if (waitingOn[v] === 0) makeReady(v);
  }
  let now = 0;
  let done = 0;
  while (done < size) {
    while (inFlight.length < lanes && ready.length > 0) {
      const v = ready.pop()!;
      inFlight.push({ v, end: now + duration[v] });
    }
    if (inFlight.length === 0) break; // Items waiting on a running item that is not in the set: nothing more can start.
    now = Math.min(...inFlight.map((entry) => entry.end));
    for (let index = inFlight.length - 1; index >= 0; index--) {
      if (inFlight[index].end > now) continue;
      const [{ v }] = inFlight.splice(index, 1);
      done++;
      for (const dependent of graph.dependentsOf(v)) if (--waitingOn[dependent] === 0 && !items[dependent].running) makeReady(dependent);
    }
  }
  return now;
}

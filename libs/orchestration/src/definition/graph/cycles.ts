import type { DependencyGraph } from './dependency-graph';
import { stronglyConnectedComponents } from './strongly-connected-components';

/** Every cycle problem in the graph, as closed key paths in "depends on" direction (`['a', 'b', 'a']`: a depends on b, b on a). */
export function findCycles(graph: DependencyGraph): string[][] {
  const { component, componentSize, componentCount } = stronglyConnectedComponents(graph);
  const { size, keys, dependencyOffsets, dependencyTargets } = graph;

  // Each path starts from the component's smallest key, so it reads the same whoever declared first.
  const start = new Int32Array(componentCount).fill(-1);
  for (let v = 0; v < size; v++) {
    const c = component[v];
    if (componentSize[c] > 1 && (start[c] === -1 || keys[v] < keys[start[c]])) start[c] = v;
  }

  const cycles: string[][] = [];
  const search = new ShortestCycleSearch(graph, component);
  for (let c = 0; c < componentCount; c++) {
    if (start[c] !== -1) cycles.push(search.through(start[c]).map((v) => keys[v]));
  }
  // A self-loop is its own problem even inside a larger component, so it is reported separately.
  for (let v = 0; v < size; v++) {
    for (let e = dependencyOffsets[v], end = dependencyOffsets[v + 1]; e < end; e++) {
      if (dependencyTargets[e] === v) cycles.push([keys[v], keys[v]]);
    }
  }
  // A start key opens at most one component cycle (3+ keys) and one self-loop (2 keys): this order is total.
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a.length - b.length));
}

/** Renders a cycle path for messages: `a → b → a`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}

/**
 * Breadth-first search for the shortest cycle (of 2+ nodes) through a node, staying inside its component. Buffers are
 * shared across calls.
 */
class ShortestCycleSearch {
  private readonly parent: Int32Array;
  private readonly reachedFrom: Int32Array;
  private readonly queue: Int32Array;

  constructor(
    private readonly graph: DependencyGraph,
    private readonly component: Int32Array,
  ) {
    this.parent = new Int32Array(graph.size);
    this.reachedFrom = new Int32Array(graph.size).fill(-1);
    this.queue = new Int32Array(graph.size);
  }

  /** The closed path `[start, …, start]`; `start` must lie in a component of 2+ nodes, where such a cycle always exists. */
  through(start: number): number[] {
    const { dependencyOffsets: offsets, dependencyTargets: targets } = this.graph;
    const { parent, reachedFrom, queue, component } = this;
    const c = component[start];
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    reachedFrom[start] = start;
    while (head < tail) {
      const v = queue[head++];
      for (let e = offsets[v], end = offsets[v + 1]; e < end; e++) {
        const w = targets[e];
        if (w === start) {
          if (v !== start) return this.path(start, v);
        } else if (component[w] === c && reachedFrom[w] !== start) {
          reachedFrom[w] = start;
          parent[w] = v;
          queue[tail++] = w;
        }
      }
    }
    throw new Error(`Internal error: "${this.graph.keys[start]}" was expected to lie on a cycle, but none leads back to it.`);
  }

  private path(start: number, last: number): number[] {
    const reversed = [start, last];
    for (let v = last; v !== start;) {
      v = this.parent[v];
      reversed.push(v);
    }
    return reversed.reverse();
  }
}

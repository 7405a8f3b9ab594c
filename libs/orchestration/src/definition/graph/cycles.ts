import type { DependencyGraph } from './dependency-graph';

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

interface Components {
  /** Component id of each node. */
  component: Int32Array;
  componentSize: Int32Array;
  componentCount: number;
}

/** Tarjan's algorithm with an explicit call stack: dependency chains can be far deeper than the JS stack. */
function stronglyConnectedComponents(graph: DependencyGraph): Components {
  const { size, dependencyOffsets: offsets, dependencyTargets: targets } = graph;
  const order = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack = new Int32Array(size);
  const callNode = new Int32Array(size);
  const callEdge = new Int32Array(size);
  const component = new Int32Array(size);
  const componentSize = new Int32Array(size);
  let visited = 0;
  let stackTop = 0;
  let componentCount = 0;

  for (let root = 0; root < size; root++) {
    if (order[root] !== -1) continue;
    order[root] = low[root] = visited++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    callNode[0] = root;
    callEdge[0] = offsets[root];
    let depth = 1;
    while (depth > 0) {
      const v = callNode[depth - 1];
      const e = callEdge[depth - 1];
      if (e < offsets[v + 1]) {
        callEdge[depth - 1] = e + 1;
        const w = targets[e];
        if (order[w] === -1) {
          order[w] = low[w] = visited++;
          stack[stackTop++] = w;
          onStack[w] = 1;
          callNode[depth] = w;
          callEdge[depth] = offsets[w];
          depth++;
        } else if (onStack[w] === 1 && order[w] < low[v]) {
          low[v] = order[w];
        }
        continue;
      }
      depth--;
      if (low[v] === order[v]) {
        let w: number;
        do {
          w = stack[--stackTop];
          onStack[w] = 0;
          component[w] = componentCount;
          componentSize[componentCount]++;
        } while (w !== v);
        componentCount++;
      }
      if (depth > 0) {
        const parent = callNode[depth - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  return { component, componentSize, componentCount };
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

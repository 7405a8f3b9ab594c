import type { DependencyGraph } from './dependency-graph';

/** The strongly connected components of a graph: nodes that all depend on each other, directly or not. */
export interface StronglyConnectedComponents {
  /**
   * Component id of each node. Ids are a topological order of the components: a component's dependencies outside it
   * all lie in components with smaller ids.
   */
  component: Int32Array;
  /** Number of nodes in each component, by id: 1 for a node on no cycle (or only on a self-loop). */
  componentSize: Int32Array;
  componentCount: number;
}

/**
 * Tarjan's algorithm, O(V + E), with an explicit call stack: dependency chains can be far deeper than the JS stack.
 * A component is complete only once every component it reaches is, so components are numbered dependencies first.
 */
export function stronglyConnectedComponents(graph: DependencyGraph): StronglyConnectedComponents {
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
  return { component, componentSize: componentSize.slice(0, componentCount), componentCount };
}

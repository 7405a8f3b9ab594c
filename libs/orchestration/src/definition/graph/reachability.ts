import { DependencyGraph } from './dependency-graph';
import { assertNodeIndex } from './graph-arguments';

/** Ids of every node that transitively depends on the given node(s), the given ones excluded, ascending: what a failure blocks. */
export function transitiveDependents(graph: DependencyGraph, index: number | readonly number[]): number[] {
  const seeds = typeof index === 'number' ? [index] : index;
  for (const seed of seeds) assertNodeIndex(graph, seed);
  const reached = reach(graph.size, graph.dependentOffsets, graph.dependentTargets, seeds);
  for (const seed of seeds) reached[seed] = 0;
  const result: number[] = [];
  for (let v = 0; v < graph.size; v++) if (reached[v] === 1) result.push(v);
  return result;
}

/**
 * The subgraph needed to run the selected keys: them plus everything they transitively depend on,
 * with the edges among them. Nodes keep their relative id order.
 */
export function selectWithDependencies(graph: DependencyGraph, keys: readonly string[]): DependencyGraph {
  const seeds: number[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    const v = graph.indexOf(key);
    if (v === -1) unknown.push(key);
    else seeds.push(v);
  }
  if (unknown.length > 0) throw new RangeError(unknownKeysMessage(unknown, graph.keys));

  const { size, dependencyOffsets, dependencyTargets } = graph;
  const reached = reach(size, dependencyOffsets, dependencyTargets, seeds);
  const newId = new Int32Array(size).fill(-1);
  const subKeys: string[] = [];
  const indexByKey = new Map<string, number>();
  let edgeCount = 0;
  for (let v = 0; v < size; v++) {
    if (reached[v] === 0) continue;
    newId[v] = subKeys.length;
    indexByKey.set(graph.keys[v], subKeys.length);
    subKeys.push(graph.keys[v]);
    edgeCount += dependencyOffsets[v + 1] - dependencyOffsets[v];
  }

  // Every dependency of a kept node is kept, and renumbering preserves order, so lists stay sorted.
  const offsets = new Int32Array(subKeys.length + 1);
  const targets = new Int32Array(edgeCount);
  let e = 0;
  for (let v = 0; v < size; v++) {
    if (newId[v] === -1) continue;
    for (let d = dependencyOffsets[v], end = dependencyOffsets[v + 1]; d < end; d++) targets[e++] = newId[dependencyTargets[d]];
    offsets[newId[v] + 1] = e;
  }
  return new DependencyGraph(subKeys, indexByKey, offsets, targets);
}

/** Marks (1) every node reachable from the seeds along one CSR direction, the seeds included. */
function reach(size: number, offsets: Int32Array, targets: Int32Array, seeds: readonly number[]): Uint8Array {
  const reached = new Uint8Array(size);
  const stack = new Int32Array(size);
  let top = 0;
  for (const seed of seeds) {
    if (reached[seed] === 0) {
      reached[seed] = 1;
      stack[top++] = seed;
    }
  }
  while (top > 0) {
    const v = stack[--top];
    for (let e = offsets[v], end = offsets[v + 1]; e < end; e++) {
      const w = targets[e];
      if (reached[w] === 0) {
        reached[w] = 1;
        stack[top++] = w;
      }
    }
  }
  return reached;
}

const LISTED_KNOWN_KEYS = 10;

function unknownKeysMessage(unknown: readonly string[], known: readonly string[]): string {
  const quote = (keys: readonly string[]) => keys.map((key) => `"${key}"`).join(', ');
  const listed =
    known.length === 0
      ? 'The graph is empty.'
      : known.length <= LISTED_KNOWN_KEYS
        ? `Known nodes: ${quote(known)}.`
        : `Known nodes include ${quote(known.slice(0, LISTED_KNOWN_KEYS))} and ${known.length - LISTED_KNOWN_KEYS} more.`;
  return `Cannot select unknown ${unknown.length === 1 ? 'node' : 'nodes'} ${quote(unknown)}. ${listed} Select keys of the graph.`;
}

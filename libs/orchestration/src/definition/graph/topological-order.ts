import { findCycles } from './cycles';
import { DependencyCycleError } from './dependency-cycle.error';
import type { DependencyGraph } from './dependency-graph';

/** Node ids with every dependency before its dependents, smallest ready id first; undefined when there is a cycle. */
export function topologicalOrder(graph: DependencyGraph): number[] | undefined {
  const order = kahnOrder(graph);
  return order.length === graph.size ? Array.from(order) : undefined;
}

/** The topological order the order-based analyses need; throws `DependencyCycleError` naming `analysis` on a cycle. */
export function requireTopologicalOrder(graph: DependencyGraph, analysis: string): Int32Array {
  const order = kahnOrder(graph);
  if (order.length !== graph.size) throw new DependencyCycleError(analysis, findCycles(graph)[0]);
  return order;
}

/**
 * Kahn's algorithm with a binary min-heap as the ready set, so the order is the lexicographically
 * smallest by id: deterministic and, with ids in declaration order, as close to it as the edges allow.
 * Returns only the nodes it could place, i.e. fewer than `size` when there is a cycle.
 */
function kahnOrder(graph: DependencyGraph): Int32Array {
  const { size, dependencyOffsets, dependentOffsets, dependentTargets } = graph;
  const waitingFor = new Int32Array(size);
  const heap = new Int32Array(size);
  let heapSize = 0;
  // Ids pushed in ascending order already form a valid min-heap.
  for (let v = 0; v < size; v++) {
    waitingFor[v] = dependencyOffsets[v + 1] - dependencyOffsets[v];
    if (waitingFor[v] === 0) heap[heapSize++] = v;
  }

  const order = new Int32Array(size);
  let placed = 0;
  while (heapSize > 0) {
    const v = heap[0];
    order[placed++] = v;
    heapSize--;
    if (heapSize > 0) siftDown(heap, heapSize, heap[heapSize]);
    for (let e = dependentOffsets[v], end = dependentOffsets[v + 1]; e < end; e++) {
      const w = dependentTargets[e];
      if (--waitingFor[w] === 0) heapSize = push(heap, heapSize, w);
    }
  }
  return placed === size ? order : order.subarray(0, placed);
}

function push(heap: Int32Array, heapSize: number, value: number): number {
  let i = heapSize;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
  return heapSize + 1;
}

/** Places `value` at the root and sifts it down; used to refill the root after removing it. */
function siftDown(heap: Int32Array, heapSize: number, value: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= heapSize) break;
    if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
    if (heap[child] >= value) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = value;
}

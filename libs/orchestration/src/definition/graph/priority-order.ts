/** Nodes in the order a loop starts them when all are ready, and each node's position in it. */
export interface PriorityOrder {
  /** `order[rank] = node`. */
  order: Int32Array;
  /** `rank[node]`: its position in `order`; smaller starts first. */
  rank: Int32Array;
}

/**
 * The loop's start priority: the highest bottom level first (the longest remaining chain of dependents, from
 * `bottomLevels`; no levels when the items have no dependencies), ties by key when `byKey` (a loop with a `key`),
 * else by position. The runtime, the lane simulation and the plan preview all order items by it.
 */
export function priorityOrder(keys: readonly string[], levels: ArrayLike<number> | undefined, byKey: boolean): PriorityOrder {
  const order = Int32Array.from(keys.keys());
  order.sort((a, b) => {
    if (levels !== undefined && levels[a] !== levels[b]) return levels[b] - levels[a];
    if (byKey && keys[a] !== keys[b]) return keys[a] < keys[b] ? -1 : 1;
    return a - b;
  });
  const rank = new Int32Array(keys.length);
  order.forEach((node, position) => {
    rank[node] = position;
  });
  return { order, rank };
}

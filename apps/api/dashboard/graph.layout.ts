/**
 * Layered layout of a dependency graph by longest-path depth: each node's column is the length of the longest chain
 * of dependencies before it, so every dependency sits left of its dependents, and the columns show the build waves.
 * O(V + E): computed once per plan (the topology never changes during a run; only the colours do).
 */
export interface LayoutEdge {
  /** The dependency. */
  from: string;
  /** The dependent. */
  to: string;
}

export interface PlacedNode {
  id: string;
  depth: number;
  x: number;
  y: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  byId: Map<string, PlacedNode>;
  width: number;
  height: number;
}

export const NODE_WIDTH = 140;
export const NODE_HEIGHT = 26;
const COLUMN_GAP = 36;
const ROW_GAP = 10;
const MARGIN = 10;

/** Node ids in an order where every dependency comes before its dependents (Kahn); nodes on a cycle come last. */
export function topologicalOrder(ids: readonly string[], edges: readonly LayoutEdge[]): string[] {
  const known = new Set(ids);
  const indegree = new Map(ids.map((id) => [id, 0]));
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { from, to } of edges) {
    if (!known.has(from) || !known.has(to)) continue;
    dependents.get(from)!.push(to);
    indegree.set(to, indegree.get(to)! + 1);
  }
  const order = ids.filter((id) => indegree.get(id) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const next of dependents.get(order[i])!) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) order.push(next);
    }
  }
  if (order.length < ids.length) {
    const placed = new Set(order);
    order.push(...ids.filter((id) => !placed.has(id)));
  }
  return order;
}

export function layoutGraph(ids: readonly string[], edges: readonly LayoutEdge[]): GraphLayout {
  const order = topologicalOrder(ids, edges);
  const dependencies = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { from, to } of edges) if (dependencies.has(from)) dependencies.get(to)?.push(from);
  const depth = new Map<string, number>();
  for (const id of order) {
    let deepest = -1;
    for (const dependency of dependencies.get(id)!) deepest = Math.max(deepest, depth.get(dependency) ?? -1);
    depth.set(id, deepest + 1);
  }
  const rows: number[] = [];
  const nodes = order.map((id) => {
    const column = depth.get(id)!;
    const row = rows[column] ?? 0;
    rows[column] = row + 1;
    return { id, depth: column, x: MARGIN + column * (NODE_WIDTH + COLUMN_GAP), y: MARGIN + row * (NODE_HEIGHT + ROW_GAP) };
  });
  const columns = rows.length;
  const tallest = Math.max(0, ...rows);
  return {
    nodes,
    byId: new Map(nodes.map((node) => [node.id, node])),
    width: 2 * MARGIN + columns * NODE_WIDTH + Math.max(0, columns - 1) * COLUMN_GAP,
    height: 2 * MARGIN + tallest * NODE_HEIGHT + Math.max(0, tallest - 1) * ROW_GAP,
  };
}

/**
 * The chain of dependencies with the largest total weight (duration), dependencies first: what bounds the makespan
 * however many lanes run. O(V + E) over `order` (a topological order).
 */
export function criticalPath(order: readonly string[], edges: readonly LayoutEdge[], weight: (id: string) => number): string[] {
  const dependencies = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const { from, to } of edges) if (dependencies.has(from)) dependencies.get(to)?.push(from);
  const finish = new Map<string, number>();
  const previous = new Map<string, string>();
  let last: string | undefined;
  for (const id of order) {
    let start = 0;
    for (const dependency of dependencies.get(id)!) {
      const end = finish.get(dependency) ?? 0;
      if (!previous.has(id) || end > start) {
        previous.set(id, dependency);
        start = end;
      }
    }
    finish.set(id, start + weight(id));
    if (last === undefined || finish.get(id)! > finish.get(last)!) last = id;
  }
  const path: string[] = [];
  for (let id = last; id !== undefined; id = previous.get(id)) path.unshift(id);
  return path;
}

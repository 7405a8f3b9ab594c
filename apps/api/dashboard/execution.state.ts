import type { GraphNodeStatus } from '@baton/orchestration/protocol';
import { criticalPath, topologicalOrder, type LayoutEdge } from './graph.layout';
import { fromApiStatus, type NodeStatus } from './status.colours';

/** What the page knows of one item node (`<step>/<key>` in the execution graph). */
export interface ItemState {
  id: string;
  label: string;
  status: GraphNodeStatus;
  startedAt?: number;
  finishedAt?: number;
  attempts?: number;
  durationMs?: number;
  error?: string | null;
  blockedBy?: string | null;
}

export interface ApiGraph {
  nodes: { id: string; label: string; kind: string; status: string }[];
  edges: LayoutEdge[];
}

export interface ApiItem {
  step: string;
  key: string | null;
  index: number;
  status: string;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  blockedBy: string | null;
}

export interface ApiEvent {
  type: string;
  at: string;
  step: string | null;
  key: string | null;
  index: number | null;
  attempts: number | null;
  durationMs: number | null;
  error: string | null;
  blockedBy: string | null;
  status: string | null;
}

/**
 * The nodes the graph draws: the item nodes when a loop's items depend on each other (PackageBuilder's packages),
 * else the definition's steps; the edges between them.
 */
export function graphTopology(graph: ApiGraph): { nodes: ApiGraph['nodes']; edges: LayoutEdge[] } {
  const items = graph.nodes.filter((node) => node.kind === 'ITEM');
  const nodes = items.length > 0 ? items : graph.nodes;
  const ids = new Set(nodes.map((node) => node.id));
  return { nodes, edges: graph.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)) };
}

export function itemId(step: string, key: string | null, index: number | null): string {
  return `${step}/${key ?? index}`;
}

export function fromItem(item: ApiItem, label: string): ItemState {
  return {
    id: itemId(item.step, item.key, item.index),
    label,
    status: fromApiStatus<GraphNodeStatus>(item.status),
    startedAt: item.startedAt ? Date.parse(item.startedAt) : undefined,
    finishedAt: item.finishedAt ? Date.parse(item.finishedAt) : undefined,
    attempts: item.attempts,
    durationMs: item.durationMs ?? undefined,
    error: item.error,
    blockedBy: item.blockedBy,
  };
}

/** The item state an event implies, or undefined for events about no item. */
export function applyEvent(previous: ItemState | undefined, event: ApiEvent): ItemState | undefined {
  if (!event.step || !event.type.startsWith('ITEM_')) return undefined;
  const id = itemId(event.step, event.key, event.index);
  const at = Date.parse(event.at);
  const base: ItemState = previous ?? { id, label: event.key ?? String(event.index), status: 'pending' };
  if (event.type === 'ITEM_STARTED') return { ...base, status: 'running', startedAt: at };
  const status = fromApiStatus<GraphNodeStatus>(event.type.slice('ITEM_'.length));
  const durationMs = event.durationMs ?? undefined;
  return {
    ...base,
    status,
    finishedAt: at,
    startedAt: base.startedAt ?? (durationMs === undefined ? undefined : at - durationMs),
    attempts: event.attempts ?? base.attempts,
    durationMs,
    error: event.error,
    blockedBy: event.blockedBy,
  };
}

/** `pending` split in two: `waiting` while a dependency has not succeeded, `pending` once it only waits for a slot. */
export function displayStatus(id: string, items: ReadonlyMap<string, ItemState>, dependencies: ReadonlyMap<string, string[]>): NodeStatus {
  const status = items.get(id)?.status ?? 'pending';
  if (status !== 'pending') return status;
  const ready = (dependencies.get(id) ?? []).every((dependency) => items.get(dependency)?.status === 'succeeded');
  return ready ? 'pending' : 'waiting';
}

/**
 * The critical path: the report's once PackageBuilder wrote it, else the heaviest chain by the durations known so
 * far (running and pending items weigh the mean recorded duration).
 */
export function liveCriticalPath(
  ids: readonly string[],
  edges: readonly LayoutEdge[],
  items: ReadonlyMap<string, ItemState>,
  reportPath: readonly string[] | undefined,
  now: number,
): string[] {
  if (reportPath && reportPath.length > 0) return [...reportPath];
  const known = [...items.values()].filter((item) => item.durationMs !== undefined).map((item) => item.durationMs!);
  const mean = known.length > 0 ? known.reduce((sum, value) => sum + value, 0) / known.length : 1;
  return criticalPath(topologicalOrder(ids, edges), edges, (id) => {
    const item = items.get(id);
    if (item?.durationMs !== undefined) return item.durationMs;
    if (item?.status === 'running' && item.startedAt !== undefined) return Math.max(mean, now - item.startedAt);
    return mean;
  });
}

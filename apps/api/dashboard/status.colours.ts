import { GRAPH_NODE_STATUSES, type ExecutionStatus, type GraphNodeStatus } from '@baton/orchestration/protocol';

/**
 * What a node of the dependency graph shows: the protocol's graph statuses, plus `waiting`, which the dashboard
 * derives for a pending node whose dependencies have not all succeeded yet.
 */
export type NodeStatus = GraphNodeStatus | 'waiting';
export const NODE_STATUSES: readonly NodeStatus[] = ['waiting', ...GRAPH_NODE_STATUSES];

/** Every status the dashboard draws, item or execution, each with one colour (the legend, the graph, the bars). */
export type DisplayStatus = NodeStatus | ExecutionStatus;

export const STATUS_COLOURS: Record<DisplayStatus, string> = {
  waiting: '#cbd5e1',
  pending: '#94a3b8',
  running: '#3b82f6',
  succeeded: '#16a34a',
  completed: '#16a34a',
  failed: '#dc2626',
  blocked: '#6b7280',
  skipped: '#a78bfa',
  cancelled: '#f59e0b',
  terminated: '#b45309',
  timed_out: '#ea580c',
};

/** The API's enum values are the protocol's statuses in upper case. */
export function fromApiStatus<T extends DisplayStatus>(value: string): T {
  return value.toLowerCase() as T;
}

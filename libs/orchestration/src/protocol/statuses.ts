/**
 * Every status and counter name Baton writes to Temporal payloads, PostgreSQL rows, notifications and the API, each
 * list once. Other code derives its types (and the API its enums) from these arrays.
 */

/** How a loop item ended: the `status` of an `ItemResult` and of an `execution_items` row. */
export const ITEM_STATUSES = ['succeeded', 'failed', 'blocked', 'skipped'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** A step or item of the `baton.graph` query: not started yet, in flight, or ended as an item ends. */
export const GRAPH_NODE_STATUSES = ['pending', 'running', ...ITEM_STATUSES] as const;
export type GraphNodeStatus = (typeof GRAPH_NODE_STATUSES)[number];

/** Lifecycle of an execution as recorded (`executions.status`); Temporal's final status may refine it later. */
export const EXECUTION_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * The item counters of a loop, and of an execution (summed over its loops): `total` items, `completed` ones (in any
 * of the `ITEM_STATUSES`, each also counted under its status) and `running` ones.
 */
export const LOOP_COUNTERS = ['total', 'completed', ...ITEM_STATUSES, 'running'] as const;
export type LoopCounter = (typeof LOOP_COUNTERS)[number];
export type LoopCounters = Record<LoopCounter, number>;

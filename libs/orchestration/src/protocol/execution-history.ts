import type { ItemStatus } from './statuses';

/**
 * What Baton writes into an execution's Temporal history besides steps: its memo, its patch markers, the payload it
 * continues as new with, and the ids of its child workflows.
 */

/** Memo field holding the hash of the definition an execution started with (set by the client and by the run). */
export const DEFINITION_HASH_MEMO = 'batonDefinitionHash';

/** Prefix of the patch marker by which a run records the definition version it interprets: `baton.definition:<hash>`. */
export const DEFINITION_VERSION_PATCH = 'baton.definition:';

/** Patch marking runs whose child workflow ids end with `#<first run id>`; histories from before replay without it. */
export const UNPREDICTABLE_CHILD_IDS_PATCH = 'baton.unpredictable-child-ids';

/**
 * Patch marking runs that batch progress by time (`minIntervalMs`, an item after a quiet spell sent at once);
 * histories from before replay with batches by count and a timer for the rest.
 */
export const PROGRESS_BY_TIME_PATCH = 'baton.progress-by-time';

/**
 * Id of the child workflow that runs one loop item: `<workflow id>/<step>/<item key>#<first run id>`. The run id is
 * the server's, unknown before the execution starts, so no other caller can claim a child's id in advance; it stays
 * the same across continue-as-new. Without `firstRunId` (histories from before the patch), the id ends at the key.
 */
export function childWorkflowId(workflowId: string, step: string, key: string, firstRunId?: string): string {
  const readable = `${workflowId}/${step}/${key}`;
  return firstRunId === undefined ? readable : `${readable}#${firstRunId}`;
}

/** Statuses of a loop's items, one character per item in `Continuation.loops`. */
export const ITEM_STATUS_CODES = { pending: '.', succeeded: 'S', failed: 'F', blocked: 'B', skipped: 'K' } as const satisfies Record<
  ItemStatus | 'pending',
  string
>;

/** What a run hands to the next when it continues as new (`Continuation.control`). */
export interface ExecutionControlState {
  paused: boolean;
  /** The last `baton.setConcurrency` value; absent while every loop keeps its own window. */
  concurrency?: number;
}

/**
 * The second workflow argument of a run that continues an execution: the results of the steps that finished, the item
 * statuses of loops that were cut short, where the progress record stands, and whether the execution was paused or
 * given another window. Item results stay in PostgreSQL. Clients never pass it.
 */
export interface Continuation {
  steps: Record<string, unknown>;
  /** By loop step: one `ITEM_STATUS_CODES` character per item, in input order. */
  loops: Record<string, string>;
  progressSequence: number;
  /** Absent unless the execution was paused or its concurrency changed (and in continuations from before either existed). */
  control?: ExecutionControlState;
  /** The definition version the execution runs with; the next run keeps it, whatever the worker's current code is. */
  definitionHash?: string;
}

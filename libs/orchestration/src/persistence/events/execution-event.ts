import type { ExecutionStatus } from '../../definition/progress-batch';

/** What happened in an execution, as subscribers see it. */
export type ExecutionEventType = 'ITEM_STARTED' | 'ITEM_SUCCEEDED' | 'ITEM_FAILED' | 'ITEM_BLOCKED' | 'ITEM_SKIPPED' | 'STATUS_CHANGED';

/**
 * One event of an execution, derived from the progress the workflow recorded: items that started (seen running) or
 * finished since the previous notification, and changes of the execution's status. Every API instance derives the
 * same events from the same rows.
 */
export interface ExecutionEvent {
  /** Temporal workflow id. */
  executionId: string;
  /** Workflow (definition) name. */
  workflow: string;
  type: ExecutionEventType;
  /** Progress batch sequence the event was recorded with. */
  sequence: number;
  /** When it happened (workflow time for items; the record's update time for status changes), ISO 8601. */
  at: string;
  /** Item events: the loop step, the item's key and position. */
  step?: string;
  key?: string;
  index?: number;
  /** Finished items. */
  attempts?: number;
  durationMs?: number;
  error?: string;
  /** Blocked items: the failed item they depend on. */
  blockedBy?: string;
  /** STATUS_CHANGED: the new and the previous status (previous absent for the first event of an execution). */
  status?: ExecutionStatus;
  previousStatus?: ExecutionStatus;
}

import { ITEM_STATUSES, type ExecutionStatus, type ItemStatus } from '../../protocol';

/** The event of an item that ended in `status`: `ITEM_SUCCEEDED`, `ITEM_FAILED`, … */
export type ItemFinishedEventType = `ITEM_${Uppercase<ItemStatus>}`;

export function itemFinishedEvent(status: ItemStatus): ItemFinishedEventType {
  return `ITEM_${status.toUpperCase()}` as ItemFinishedEventType;
}

/** What happened in an execution, as subscribers see it. */
export const EXECUTION_EVENT_TYPES = ['ITEM_STARTED', ...ITEM_STATUSES.map(itemFinishedEvent), 'STATUS_CHANGED'] as const;
export type ExecutionEventType = 'ITEM_STARTED' | ItemFinishedEventType | 'STATUS_CHANGED';

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

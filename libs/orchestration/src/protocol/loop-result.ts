import type { ItemStatus } from './statuses';

/**
 * What a loop body receives and what a loop returns. Both cross Temporal: the context is the second argument of a
 * loop item's activity, the result is a loop step's result (and the workflow's, when the loop is the final step).
 */

/** Second argument of a loop body. */
export interface LoopContext {
  workflowId: string;
  /** Loop step name. */
  step: string;
  /** Position of the item in the loop input. */
  index: number;
  /** The item's key (the `key` property, else its index as a string). */
  key: string;
  /** Number of items in the loop. */
  total: number;
  /** Items finished (in any status) when this item started. */
  completed: number;
  /** Attempt number of this run of the item, from 1; attempts lost with their worker count too. */
  attempt: number;
}

export interface ItemResult<T = unknown> {
  index: number;
  key: string;
  status: ItemStatus;
  /** Attempts made: 0 for blocked or skipped items. */
  attempts: number;
  /** Milliseconds from the item's start to its end (workflow clock); 0 when it never started. */
  durationMs: number;
  /** When all its dependencies had succeeded (the loop's start for items without any). */
  readyAt?: string;
  /** Milliseconds the item waited for a free slot after it was ready. */
  queuedMs?: number;
  startedAt?: string;
  finishedAt?: string;
  /** The body's (or child workflow's) result when the item succeeded. */
  result?: T;
  /** Why the item failed, was blocked or was skipped. */
  error?: string;
  /** For blocked items: the failed item (key) it transitively depends on. */
  blockedBy?: string;
  /** JSON of the item, cut to at most 1 KB. */
  preview: string;
}

export type LoopResult<T = unknown> = Record<ItemStatus, number> & {
  /** The window the loop ran with. */
  concurrency: number;
  total: number;
  /** Every item's outcome, in input order; empty when `itemsOmitted`. */
  items: ItemResult<T>[];
  /**
   * Set when the loop spanned several runs (continue-as-new, for very large loops): the items of earlier runs are
   * not carried through Temporal; every item's row is in PostgreSQL.
   */
  itemsOmitted?: true;
};

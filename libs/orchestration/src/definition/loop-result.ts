/**
 * Contracts between user code and the interpreter for `@ParallelLoop()`: what a loop body receives and what a loop
 * returns. Sandbox-safe: types only.
 */

export type ItemStatus = 'succeeded' | 'failed' | 'blocked' | 'skipped';

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

export interface LoopResult<T = unknown> {
  /** The window the loop ran with. */
  concurrency: number;
  total: number;
  succeeded: number;
  failed: number;
  blocked: number;
  skipped: number;
  /** Every item's outcome, in input order; empty when `itemsOmitted`. */
  items: ItemResult<T>[];
  /**
   * Set when the loop spanned several runs (continue-as-new, for very large loops): the items of earlier runs are
   * not carried through Temporal; every item's row is in PostgreSQL.
   */
  itemsOmitted?: true;
}

/** Answer of the `progress` query: counters over all loops of the execution, and per loop. */
export interface LoopProgress {
  step: string;
  total: number;
  completed: number;
  succeeded: number;
  failed: number;
  blocked: number;
  skipped: number;
  running: number;
  /** Keys of the items in flight. */
  runningKeys: string[];
  /** The window now: the declared (or input) concurrency, or the last `setConcurrency` value. */
  concurrency: number;
  /** True while the execution is paused: the window starts nothing new, running items finish. */
  paused?: boolean;
  startedAt: string;
}

export interface ExecutionProgress {
  total: number;
  completed: number;
  failed: number;
  blocked: number;
  running: number;
  /** True while the execution is paused (`baton.pause`), whether or not a loop is running. */
  paused: boolean;
  startedAt: string;
  loops: LoopProgress[];
}

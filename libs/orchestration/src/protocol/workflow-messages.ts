import type { GraphNodeStatus, LoopCounters } from './statuses';

/**
 * The queries, signals and update every Baton workflow handles, by plain Temporal names so that any Temporal client
 * can use them. The sandbox defines its handlers (`defineQuery`, …) from these names.
 */

/** Query: the counters of the execution and of each of its loops (`ExecutionProgress`), at any time. */
export const PROGRESS_QUERY = 'baton.progress';
/** Query: the live graph of steps and dependent items (`ExecutionGraphSnapshot`). */
export const GRAPH_QUERY = 'baton.graph';
/** Signal, no argument: loop windows stop starting items; items already running finish. */
export const PAUSE_SIGNAL = 'baton.pause';
/** Signal, no argument: loop windows refill at once. */
export const RESUME_SIGNAL = 'baton.resume';
/** Update, one integer argument: the window of every loop of the execution, running and later ones (`ConcurrencyChange`). */
export const SET_CONCURRENCY_UPDATE = 'baton.setConcurrency';

/** One loop's part of the `baton.progress` answer. */
export interface LoopProgress extends LoopCounters {
  step: string;
  /** Keys of the items in flight. */
  runningKeys: string[];
  /** The window now: the declared (or input) concurrency, or the last `setConcurrency` value. */
  concurrency: number;
  /** True while the execution is paused: the window starts nothing new, running items finish. */
  paused?: boolean;
  startedAt: string;
}

/** Answer of `baton.progress`: counters over all loops of the execution, and per loop. */
export interface ExecutionProgress extends LoopCounters {
  /** True while the execution is paused (`baton.pause`), whether or not a loop is running. */
  paused: boolean;
  startedAt: string;
  loops: LoopProgress[];
}

/**
 * Answer of `baton.graph`: every step with its status and, for loops whose items depend on each other, every item
 * with its dependencies and status (items of other loops are counted in `baton.progress`, not drawn).
 */
export interface ExecutionGraphSnapshot {
  steps: { name: string; status: GraphNodeStatus }[];
  items: { step: string; key: string; dependsOn: string[]; status: GraphNodeStatus }[];
}

/** Answer of `baton.setConcurrency`: the window before the change and the one now in force. */
export interface ConcurrencyChange {
  previous: number;
  concurrency: number;
}

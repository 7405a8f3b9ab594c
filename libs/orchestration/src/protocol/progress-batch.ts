import type { ItemResult } from './loop-result';
import type { LoopProgress } from './workflow-messages';
import type { ExecutionStatus } from './statuses';

/** Activity type of the framework's progress sink; every Baton worker with persistence registers it. */
export const PROGRESS_SINK_ACTIVITY = 'baton.recordProgress';

/**
 * What the interpreter sends the progress-sink activity: the execution's current state, and for every loop whose
 * counters changed, its counters and the items that finished since the previous batch. Batches are cumulative
 * (counters are totals, items carry their index), so writing the same batch twice changes nothing.
 */
export interface ProgressBatch {
  workflowId: string;
  runId: string;
  /** The run this chain of continue-as-new runs started with. */
  firstRunId: string;
  workflowType: string;
  /** Set when the execution is a child workflow (a loop item run with `child:`). */
  parentWorkflowId?: string;
  definitionHash: string;
  taskQueue: string;
  /** Increases with every batch of the execution, across continue-as-new. */
  sequence: number;
  status: ExecutionStatus;
  startedAt: string;
  /** Workflow time when the batch was cut. */
  sentAt: string;
  /** Only in the first batch of the execution. */
  input?: unknown;
  /** Only once the execution ended. */
  result?: unknown;
  error?: string;
  closedAt?: string;
  loops: LoopBatch[];
}

export interface LoopBatch extends LoopProgress {
  /**
   * Items that finished since the previous batch, without `readyAt` and `queuedMs` (no row keeps them; batches cut
   * by earlier versions may still carry them).
   */
  items: ItemResult[];
}

/**
 * What a step's activity returns to the interpreter: the step method's value plus the attempt that produced it,
 * because Temporal reports attempts to the activity, not to the workflow that scheduled it.
 * A failed attempt carries an `AttemptDetail` as the first detail of its `ApplicationFailure`.
 */
export interface ActivityEnvelope<T = unknown> {
  value: T;
  attempt: number;
}

export interface AttemptDetail {
  attempt: number;
}

/** Activity type of a step or loop body: `ClassName.method`, served by the worker that has the class. */
export function stepActivityType(className: string, method: string): string {
  return `${className}.${method}`;
}

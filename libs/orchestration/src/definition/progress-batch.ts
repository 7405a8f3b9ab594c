import type { ItemResult, LoopProgress } from './loop-result';

/** Lifecycle of an execution as the progress sink records it (Temporal's final status may refine it later). */
export type ExecutionStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out';

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
  /** Items that finished since the previous batch. */
  items: ItemResult[];
}

/** Activity type of the framework's progress sink; every Baton worker with persistence registers it. */
export const PROGRESS_SINK_ACTIVITY = 'baton.recordProgress';

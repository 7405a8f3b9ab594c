import type { ExecutionStatus, LoopCounters } from './statuses';

/** The channel Baton NOTIFYs whenever an execution's record changes; API instances LISTEN to it. */
export const PROGRESS_CHANNEL = 'baton_progress';

/**
 * Payload of a `baton_progress` notification: compact JSON well below PostgreSQL's 8,000-byte limit, as its only
 * variable-length fields are the workflow id (at most 1,000 characters in Temporal by default) and the workflow name.
 */
export interface ProgressNotification extends LoopCounters {
  /** Workflow id. */
  id: string;
  /** Workflow (definition) name. */
  type: string;
  /** The execution's latest progress batch sequence. */
  seq: number;
  status: ExecutionStatus;
  /** Sum of the windows of the loops still running. */
  concurrency: number;
  /** True while the execution is paused. */
  paused: boolean;
  /** Workflow time from the start to the latest batch. */
  elapsedMs: number;
  /** Server time of the write, ISO 8601. */
  updatedAt: string;
  /** Finished items per second, smoothed. */
  rate: number;
  /** Seconds left at that rate; null while unknown. */
  eta: number | null;
}

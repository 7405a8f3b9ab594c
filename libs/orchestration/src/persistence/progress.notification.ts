import type { ExecutionStatus } from '../definition/progress-batch';

/** The channel Baton NOTIFYs whenever an execution's record changes; API instances LISTEN to it. */
export const PROGRESS_CHANNEL = 'baton_progress';

/**
 * Payload of a `baton_progress` notification: compact JSON well below PostgreSQL's 8,000-byte limit, as its only
 * variable-length field is the workflow id (at most 1,000 characters in Temporal by default).
 */
export interface ProgressNotification {
  /** Workflow id. */
  id: string;
  /** Workflow (definition) name. */
  type: string;
  /** The execution's latest progress batch sequence. */
  seq: number;
  status: ExecutionStatus;
  completed: number;
  total: number;
  succeeded: number;
  failed: number;
  blocked: number;
  skipped: number;
  running: number;
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

/**
 * SQL that NOTIFYs a `ProgressNotification` for each row of `source` (a CTE returning the `executions` columns it
 * reads). Inside the writing statement, so PostgreSQL delivers it exactly when (and only if) the write commits.
 */
export function notifyProgressSql(source: string): string {
  return `SELECT pg_notify('${PROGRESS_CHANNEL}', json_build_object(
    'id', workflow_id, 'status', status, 'completed', completed, 'total', total, 'failed', failed, 'blocked', blocked,
    'running', running, 'rate', round(rate_per_second::numeric, 3), 'eta', round(eta_seconds::numeric, 1))::text)
  FROM ${source}`;
}

/** The `executions` columns `notifyProgressSql` reads, for the RETURNING clause of the statement that feeds it. */
export const NOTIFIED_COLUMNS = 'workflow_id, status, completed, total, failed, blocked, running, rate_per_second, eta_seconds';

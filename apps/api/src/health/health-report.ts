/** `ok` passed; `failed` did not (see `error`); `skipped` has nothing to check in this process (no persistence). */
export type CheckStatus = 'ok' | 'failed' | 'skipped';

export interface CheckResult {
  status: CheckStatus;
  /** How long the check took, timeouts included. */
  latencyMs: number;
  /** Why it failed or was skipped. */
  error?: string;
}

export interface TemporalCheck extends CheckResult {
  namespace?: string;
  serverVersion?: string;
}

export interface TaskQueuePollers {
  name: string;
  /** Workers that polled the queue's workflow tasks recently. */
  pollers: number;
}

export interface WorkerCheck extends CheckResult {
  /** Every task queue of the registry's workflow definitions. */
  taskQueues?: TaskQueuePollers[];
  /** Those with no recent poller: their workflows would not progress. */
  queuesWithoutPollers?: string[];
}

/** GET /health: `ok` (HTTP 200) when no check failed, `degraded` (HTTP 503) otherwise. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: {
    temporal: TemporalCheck;
    database: CheckResult;
    worker: WorkerCheck;
  };
}

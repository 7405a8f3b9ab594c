import type { DurationValue } from '../definition/workflow-definition';

/** Retry settings shared by `@Step()` and `@ParallelLoop()`, applied through Temporal's retry policy. */
export interface RetryOptions {
  /** Total attempts including the first; 1 disables retries. */
  attempts: number;
  backoff?: {
    /** Delay before the first retry (default `'1s'`). */
    initialInterval?: DurationValue;
    /** Multiplier applied to the delay after each retry (default 2). */
    coefficient?: number;
    /** Upper bound for the delay (default `'30s'`). */
    maximumInterval?: DurationValue;
  };
  /** Error names (`Error#name`, `ApplicationFailure#type`) that fail at once, without retry. */
  nonRetryable?: string[];
}

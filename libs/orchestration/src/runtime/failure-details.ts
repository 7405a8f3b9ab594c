import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import type { AttemptDetail } from '../protocol';

/** The message of the innermost failure: the user's own error rather than Temporal's wrappers around it. */
export function rootMessage(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  while (current instanceof Error) {
    if (current.message) {
      message = current.message;
    }
    current = current.cause;
  }
  return message;
}

/** Attempts a failed activity made: from the attempt detail Baton's activity host attaches to every failure. */
export function attemptsOf(error: unknown, maximumAttempts: number): number {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof ApplicationFailure) {
      const detail = current.details?.[0] as Partial<AttemptDetail> | undefined;
      if (typeof detail?.attempt === 'number') {
        return detail.attempt;
      }
    }
  }
  // Timeouts carry no detail of ours: the server only says whether retries ran out.
  const retriesExhausted = error instanceof ActivityFailure && error.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED;
  return retriesExhausted ? maximumAttempts : 1;
}

import { ActivityFailure, ApplicationFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { isCancellation } from '@temporalio/workflow';
import type { RetryPolicyDefinition } from '../definition/workflow-definition';
import { WORKER_LOST_ERROR, type ActivityEnvelope } from '../protocol';
import { attemptsOf, rootMessage } from './failure-details';
import { workerLost } from './runtime.messages';

/**
 * Times in a row Baton schedules an activity again after its last attempt was lost with its worker. A bound, so
 * that work which itself kills its worker (or blocks its event loop past the heartbeat timeout) ends failed
 * instead of taking worker after worker down.
 */
export const LOST_WORKER_RESCHEDULES = 5;

export type ActivityOutcome = { ok: true; value: unknown; attempts: number } | { ok: false; error: unknown; attempts: number };

/**
 * Runs a Baton activity until an attempt ends other than by losing its worker. Temporal's retry policy spends the
 * attempts the user allowed on errors and on lost attempts alike; when it gives up on an attempt that stopped
 * heartbeating (its worker died, or its task was lost), the failure is not the work's, so the activity is
 * scheduled again, counting on from the attempts already made. `schedule` receives that count.
 * Rejects only on cancellation.
 */
export async function runActivity(
  schedule: (attemptsBefore: number) => Promise<ActivityEnvelope>,
  retry: RetryPolicyDefinition,
): Promise<ActivityOutcome> {
  let attemptsBefore = 0;
  for (let lost = 0; ; lost++) {
    try {
      const envelope = await schedule(attemptsBefore);
      return { ok: true, value: envelope.value, attempts: attemptsBefore + envelope.attempt };
    } catch (error) {
      if (isCancellation(error)) {
        throw error;
      }
      const attempts = attemptsBefore + attemptsOf(error, retry.maximumAttempts);
      if (!isLostWorker(error)) {
        return { ok: false, error, attempts };
      }
      if (lost === LOST_WORKER_RESCHEDULES) {
        return { ok: false, error: workerLostFailure(error, lost + 1), attempts };
      }
      attemptsBefore = attempts;
    }
  }
}

/** An attempt that stopped heartbeating: its worker process died or its event loop was blocked. */
export function isLostWorker(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof TimeoutFailure && error.cause.timeoutType === TimeoutType.HEARTBEAT;
}

function workerLostFailure(error: unknown, times: number): ApplicationFailure {
  return ApplicationFailure.create({
    message: workerLost(times, rootMessage(error)),
    type: WORKER_LOST_ERROR,
    nonRetryable: true,
    cause: error instanceof Error ? error : undefined,
  });
}

import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { RetiredStep, StepBinding } from '../discovery/workflow.registry';
import { RETIRED_STEP_ERROR, type ActivityEnvelope, type AttemptDetail, type LoopContext } from '../protocol';
import { withAutomaticHeartbeat } from './activity-heartbeat';
import { isError } from '../errors/error-message';
import { retiredStepMessage } from '../orchestration.messages';

type ActivityFunction = (...args: unknown[]) => Promise<ActivityEnvelope>;

/**
 * Binds every step method to its Nest provider instance as a Temporal activity that heartbeats while it runs.
 * The activity reports the attempt it ran as, so the workflow can record attempts per item.
 */
export function createStepActivities(bindings: ReadonlyMap<string, StepBinding>): Record<string, ActivityFunction> {
  const activities: Record<string, ActivityFunction> = {};
  for (const [activityType, binding] of bindings) {
    activities[activityType] = (...args) => withAutomaticHeartbeat(() => runStep(binding, args));
  }
  return activities;
}

/**
 * Activities for steps of earlier definition versions whose method is gone: the step fails at once, saying which
 * step and what to do, instead of the execution hanging on an activity no worker serves.
 */
export function createRetiredStepActivities(retired: readonly RetiredStep[]): Record<string, ActivityFunction> {
  const activities: Record<string, ActivityFunction> = {};
  for (const { activityType, workflow, step, hash } of retired) {
    activities[activityType] = () => {
      throw ApplicationFailure.create({
        message: retiredStepMessage(step, workflow, hash, activityType),
        type: RETIRED_STEP_ERROR,
        nonRetryable: true,
      });
    };
  }
  return activities;
}

async function runStep({ instance, method }: StepBinding, args: unknown[]): Promise<ActivityEnvelope> {
  const [argument, loopContext] = args as [unknown, LoopContext | undefined];
  const attempt = Context.current().info.attempt;
  // An item scheduled again after a lost worker says which attempt it starts at; the step sees the item's count.
  const callArgs = loopContext === undefined ? [argument] : [argument, { ...loopContext, attempt: loopContext.attempt - 1 + attempt }];
  try {
    const value = await (instance as Record<string, (...values: unknown[]) => unknown>)[method](...callArgs);
    return { value, attempt };
  } catch (error) {
    // A cancelled step reports the cancellation itself, so Temporal records it as cancelled, not failed.
    throw error instanceof CancelledFailure ? error : withAttempt(error, attempt);
  }
}

/** Re-raises a step's error as an ApplicationFailure that keeps its message, type and retryability, plus the attempt. */
function withAttempt(error: unknown, attempt: number): ApplicationFailure {
  const detail: AttemptDetail = { attempt };
  const cause = isError(error) ? error : new Error(String(error));
  const failure = ApplicationFailure.create({
    message: cause.message,
    type: cause instanceof ApplicationFailure ? (cause.type ?? cause.name) : cause.name,
    nonRetryable: cause instanceof ApplicationFailure && cause.nonRetryable === true,
    details: [detail, ...(cause instanceof ApplicationFailure ? (cause.details ?? []) : [])],
  });
  failure.stack = cause.stack;
  return failure;
}

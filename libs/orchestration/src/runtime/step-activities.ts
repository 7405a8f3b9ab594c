import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { ActivityOptionsDefinition } from '../definition/workflow-definition';
import type { ActivityEnvelope } from '../protocol';

export type BatonActivity = (...args: unknown[]) => Promise<ActivityEnvelope>;

/** The activity function for a step, scheduled with the options its decorator declared. */
export function stepActivity(activityType: string, taskQueue: string, options: ActivityOptionsDefinition): BatonActivity {
  const { retry, ...timeouts } = options;
  const activityOptions: ActivityOptions = {
    taskQueue,
    ...timeouts,
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialInterval,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: retry.maximumInterval,
      nonRetryableErrorTypes: retry.nonRetryableErrorTypes,
    },
  } as ActivityOptions;
  return proxyActivities<Record<string, BatonActivity>>(activityOptions)[activityType];
}

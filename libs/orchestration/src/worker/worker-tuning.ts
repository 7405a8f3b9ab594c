import type { WorkerOptions } from '@temporalio/worker';
import type { WorkerSettings } from '../orchestration-options';
import { HEARTBEAT_THROTTLE_INTERVAL } from './activity-heartbeat';

/** The interpreter's window limits concurrency; worker slots only need to never be the bottleneck. */
const DEFAULT_ACTIVITY_SLOTS = 1000;
/**
 * A workflow task waits this long for the worker that holds the execution in its cache. Short, because a dead
 * worker holds its executions that long; a live worker that misses it only replays the history elsewhere.
 */
const DEFAULT_STICKY_TIMEOUT = '3s';
/**
 * Eager dispatch hands a workflow task's new activities straight back to its worker, which then runs all of an
 * execution's activities it has slots for: off unless asked for, so that several workers share a loop's items.
 */
const DEFAULT_EAGER_ACTIVITY_RESERVATIONS = 0;

/** The Temporal worker options through which Baton's settings shape throughput and latency. */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxHeartbeatThrottleInterval'
  | 'stickyQueueScheduleToStartTimeout'
  | 'maxEagerActivityReservationsPerWorkflowTask'
>;

/**
 * The worker options Baton derives from its settings (defaults included). Exported so that a baseline written with
 * the Temporal SDK alone can run under exactly the same options (the orchestration benchmark does).
 */
export function workerTuning(settings: WorkerSettings = {}): WorkerTuning {
  return {
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivityTaskExecutions ?? DEFAULT_ACTIVITY_SLOTS,
    maxConcurrentWorkflowTaskExecutions: settings.maxConcurrentWorkflowTaskExecutions,
    maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE_INTERVAL,
    stickyQueueScheduleToStartTimeout: settings.stickyQueueScheduleToStartTimeout ?? DEFAULT_STICKY_TIMEOUT,
    maxEagerActivityReservationsPerWorkflowTask:
      settings.maxEagerActivityReservationsPerWorkflowTask ?? DEFAULT_EAGER_ACTIVITY_RESERVATIONS,
  };
}

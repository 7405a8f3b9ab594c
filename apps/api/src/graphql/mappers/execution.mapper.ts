import { type ExecutionSummary, type ExecutionEntity, isPaused } from '@baton/orchestration/persistence';
import {
  LOOP_COUNTERS,
  type ExecutionStatus,
  type LoopCounter,
  type LoopCounters,
  type ProgressNotification,
} from '@baton/orchestration/protocol';
import { ExecutionStatusValue } from '../types/enums';
import type { Execution } from '../types/execution.type';
import type { Progress } from '../types/progress.type';

/** An execution as the schema shows it, with its progress as last recorded. */
export type ExecutionModel = Execution & { progress: Progress };

export function toExecution(record: ExecutionSummary | ExecutionEntity): ExecutionModel {
  return {
    id: record.workflowId,
    runId: record.runIds[record.runIds.length - 1] ?? record.firstRunId,
    workflow: record.workflowType,
    parentId: record.parentWorkflowId,
    status: record.status as ExecutionStatusValue,
    input: 'input' in record ? record.input : undefined,
    result: 'result' in record ? record.result : undefined,
    error: record.error,
    startedAt: record.startedAt,
    closedAt: record.closedAt,
    progress: recordProgress(record),
  };
}

function recordProgress(record: ExecutionSummary): Progress {
  return progressOf({ ...record, paused: isPaused(record), rate: record.ratePerSecond, eta: record.etaSeconds });
}

export function notificationProgress(notification: ProgressNotification): Progress {
  return progressOf({ ...notification, updatedAt: new Date(notification.updatedAt) });
}

/** An execution that was just started and has no record yet. */
export function startedExecution(id: string, runId: string, workflow: string, input: unknown): ExecutionModel {
  const now = new Date();
  return {
    id,
    runId,
    workflow,
    status: ExecutionStatusValue.RUNNING,
    input,
    startedAt: now,
    closedAt: null,
    error: null,
    progress: progressOf({
      status: 'running',
      ...countersOf(() => 0),
      concurrency: 0,
      paused: false,
      rate: 0,
      eta: null,
      elapsedMs: 0,
      updatedAt: now,
    }),
  };
}

/** What a progress value is made of: a notification's counters, or a record's under the same names. */
type Counters = Pick<ProgressNotification, LoopCounter | 'concurrency' | 'paused' | 'rate' | 'eta' | 'elapsedMs'> & {
  status: ExecutionStatus | string;
  updatedAt: Date;
};

function progressOf(counters: Counters): Progress {
  const closed = counters.status !== 'running';
  const percent = counters.total > 0 ? (100 * counters.completed) / counters.total : counters.status === 'completed' ? 100 : 0;
  return {
    ...countersOf((counter) => counters[counter]),
    percent: Math.round(percent * 100) / 100,
    ratePerSecond: counters.rate,
    etaSeconds: closed ? null : counters.eta,
    elapsedMs: counters.elapsedMs,
    concurrency: counters.concurrency,
    paused: counters.paused,
    closed,
    updatedAt: counters.updatedAt,
  };
}

function countersOf(value: (counter: LoopCounter) => number): LoopCounters {
  return Object.fromEntries(LOOP_COUNTERS.map((counter) => [counter, value(counter)])) as LoopCounters;
}

import type { temporal } from '@temporalio/proto';
import { PROGRESS_SINK_ACTIVITY } from '@baton/orchestration/protocol';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** What recording progress adds to one run's history, read from the history itself. */
export interface ProgressCost {
  workflowTasks: number;
  /** Workflow tasks that only progress-sink completions or timers woke up: without the sink they would not exist. */
  tasksForProgressOnly: number;
  batches: number;
  timers: number;
  /** Encoded input of each batch, bytes. */
  batchBytes: number[];
  /** Each batch's ActivityTaskStarted → Completed (the write on the worker, by the server's clock). */
  batchRunMs: number[];
  /** From the last item's completion to the run's end: the final batch's round trip when progress is recorded. */
  tailMs: number;
}

const eventMs = (event: HistoryEvent): number => Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1_000_000;

export function progressCost(events: HistoryEvent[]): ProgressCost {
  const batches = events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === PROGRESS_SINK_ACTIVITY);
  const batchIds = new Set(batches.map((event) => Number(event.eventId)));
  const startedAt = new Map(
    events
      .filter((event) => event.activityTaskStartedEventAttributes != null)
      .map((event) => [Number(event.activityTaskStartedEventAttributes!.scheduledEventId), eventMs(event)]),
  );
  const completions = events.filter((event) => event.activityTaskCompletedEventAttributes != null);
  const isBatch = (completion: HistoryEvent) => batchIds.has(Number(completion.activityTaskCompletedEventAttributes!.scheduledEventId));
  let tasksForProgressOnly = 0;
  let wokenBy: ('progress' | 'other')[] = [];
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes != null) {
      if (wokenBy.length > 0 && wokenBy.every((cause) => cause === 'progress')) tasksForProgressOnly++;
      wokenBy = [];
    } else if (event.activityTaskCompletedEventAttributes != null) {
      wokenBy.push(isBatch(event) ? 'progress' : 'other');
    } else if (event.timerFiredEventAttributes != null) {
      wokenBy.push('progress');
    } else if (event.activityTaskFailedEventAttributes != null || event.workflowExecutionSignaledEventAttributes != null) {
      wokenBy.push('other');
    }
  }
  const lastItem = completions.filter((completion) => !isBatch(completion)).at(-1);
  return {
    workflowTasks: events.filter((event) => event.workflowTaskCompletedEventAttributes != null).length,
    tasksForProgressOnly,
    batches: batches.length,
    timers: events.filter((event) => event.timerStartedEventAttributes != null).length,
    batchBytes: batches.map((event) =>
      (event.activityTaskScheduledEventAttributes!.input?.payloads ?? []).reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0),
    ),
    batchRunMs: completions
      .filter(isBatch)
      .map((completion) => eventMs(completion) - startedAt.get(Number(completion.activityTaskCompletedEventAttributes!.scheduledEventId))!),
    tailMs: lastItem === undefined ? 0 : eventMs(events.at(-1)!) - eventMs(lastItem),
  };
}

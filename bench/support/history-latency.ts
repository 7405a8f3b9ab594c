import type { temporal } from '@temporalio/proto';
import { percentile } from './statistics';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One hop of the way from a finished piece of work to the start of the next one, with its duration. */
export interface Gap {
  stage: string;
  ms: number;
}

const eventMs = (event: HistoryEvent): number => Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1_000_000;

const eventId = (event: HistoryEvent): number => Number(event.eventId);

/** What wakes a workflow up to start more work: an activity or a child that finished. */
const isCompletion = (event: HistoryEvent): boolean =>
  event.activityTaskCompletedEventAttributes != null ||
  event.activityTaskFailedEventAttributes != null ||
  event.childWorkflowExecutionCompletedEventAttributes != null ||
  event.childWorkflowExecutionFailedEventAttributes != null;

/**
 * The hops from the completion that woke the workflow up to the workflow task that issued a command
 * (`commandEvent`: an ActivityTaskScheduled or StartChildWorkflowExecutionInitiated): completion → task scheduled →
 * started → completed. The trigger is the first completion the task saw; undefined when none did (the first task).
 */
export function workflowTaskGaps(
  events: HistoryEvent[],
  commandEvent: HistoryEvent,
  prefix: string,
): { trigger: HistoryEvent; gaps: Gap[] } | undefined {
  const completedId = Number(
    commandEvent.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId ??
      commandEvent.startChildWorkflowExecutionInitiatedEventAttributes?.workflowTaskCompletedEventId,
  );
  const byId = new Map(events.map((event) => [eventId(event), event]));
  const completed = byId.get(completedId)!;
  const started = byId.get(Number(completed.workflowTaskCompletedEventAttributes!.startedEventId))!;
  const scheduled = byId.get(Number(completed.workflowTaskCompletedEventAttributes!.scheduledEventId))!;
  const previousTask = events.filter((event) => event.workflowTaskCompletedEventAttributes != null && eventId(event) < completedId).at(-1);
  const trigger = events.find(
    (event) =>
      isCompletion(event) && eventId(event) > (previousTask === undefined ? 0 : eventId(previousTask)) && eventId(event) < eventId(started),
  );
  if (trigger === undefined) return undefined;
  return {
    trigger,
    gaps: [
      // A task already scheduled when the completion arrived takes it along: that wait counts as zero.
      { stage: `${prefix}completion → workflow task scheduled`, ms: Math.max(0, eventMs(scheduled) - eventMs(trigger)) },
      { stage: `${prefix}workflow task scheduled → started`, ms: eventMs(started) - Math.max(eventMs(scheduled), eventMs(trigger)) },
      { stage: `${prefix}workflow task started → completed`, ms: eventMs(completed) - eventMs(started) },
    ],
  };
}

/** The hop from an ActivityTaskScheduled to its ActivityTaskStarted (the task queue's match, or eager dispatch). */
function activityStartGap(events: HistoryEvent[], scheduled: HistoryEvent, completedTask: HistoryEvent, prefix: string): Gap[] {
  const started = events.find((event) => Number(event.activityTaskStartedEventAttributes?.scheduledEventId ?? -1) === eventId(scheduled));
  if (started === undefined) throw new Error(`activity ${eventId(scheduled)} never started`);
  return [
    { stage: `${prefix}workflow task completed → activity scheduled`, ms: eventMs(scheduled) - eventMs(completedTask) },
    { stage: `${prefix}activity scheduled → started`, ms: eventMs(started) - eventMs(scheduled) },
  ];
}

const commandTask = (events: HistoryEvent[], command: HistoryEvent): HistoryEvent =>
  events.find(
    (event) =>
      eventId(event) ===
      Number(
        command.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId ??
          command.startChildWorkflowExecutionInitiatedEventAttributes?.workflowTaskCompletedEventId,
      ),
  )!;

/**
 * Per item of an activity loop: the gaps from an activity's completion to the start of the activity it let the
 * workflow schedule (at window 1, the next item; in a build, a dependent or the next ready package), one list per
 * activity; only activities of `activityType` when given.
 */
export function loopItemGaps(events: HistoryEvent[], activityType?: string): Gap[][] {
  return events
    .filter(
      (event) =>
        event.activityTaskScheduledEventAttributes != null &&
        (activityType === undefined || event.activityTaskScheduledEventAttributes.activityType?.name === activityType),
    )
    .flatMap((scheduled) => {
      const task = workflowTaskGaps(events, scheduled, '');
      if (task === undefined || task.trigger.activityTaskCompletedEventAttributes == null) return [];
      return [[...task.gaps, ...activityStartGap(events, scheduled, commandTask(events, scheduled), '')]];
    });
}

/** How long each activity ran by the server's clock (ActivityTaskStarted → Completed): its work plus its worker's host. */
export function activityRunTimes(events: HistoryEvent[]): number[] {
  const started = new Map(
    events
      .filter((event) => event.activityTaskStartedEventAttributes != null)
      .map((event) => [Number(event.activityTaskStartedEventAttributes!.scheduledEventId), eventMs(event)]),
  );
  return events
    .filter((event) => event.activityTaskCompletedEventAttributes != null)
    .map((event) => eventMs(event) - started.get(Number(event.activityTaskCompletedEventAttributes!.scheduledEventId))!);
}

/** Median and 95th percentile of each stage over the links, in stage order, with the links' totals last. */
export function summariseGaps(links: Gap[][]): { stage: string; median: number; p95: number }[] {
  const stages = [...new Set(links.flatMap((link) => link.map((gap) => gap.stage)))];
  const rows = stages.map((stage) => ({
    stage,
    values: links.flatMap((link) => link.filter((gap) => gap.stage === stage).map((gap) => gap.ms)),
  }));
  rows.push({ stage: 'total', values: links.map((link) => link.reduce((sum, gap) => sum + gap.ms, 0)) });
  return rows.map(({ stage, values }) => ({ stage, median: percentile(values, 0.5), p95: percentile(values, 0.95) }));
}

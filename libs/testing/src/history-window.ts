import type { temporal } from '@temporalio/proto';

/** One event of a workflow history, as `WorkflowHandle.fetchHistory()` returns them. */
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Open work items (activities or child workflows) right after the commands of one workflow task were recorded. */
export interface WindowSnapshot {
  /** Event id of the `WorkflowTaskCompleted` event. */
  eventId: number;
  open: number;
  /** Items closed (in any way) before that workflow task completed. */
  closed: number;
  /** Items started so far. */
  started: number;
}

export type WorkKind = 'activity' | 'child';

/**
 * Which events open and close the work being counted. Activities can be limited to one activity type (a loop's
 * body), so that framework activities such as the progress sink do not count.
 */
function workTracker(kind: WorkKind, activityType?: string) {
  const counted = new Set<number>();
  return {
    opens(event: HistoryEvent): boolean {
      if (kind === 'child') {
        return event.startChildWorkflowExecutionInitiatedEventAttributes != null;
      }
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled == null || (activityType !== undefined && scheduled.activityType?.name !== activityType)) {
        return false;
      }
      counted.add(Number(event.eventId));
      return true;
    },
    closes(event: HistoryEvent): boolean {
      if (kind === 'child') {
        return CLOSED_CHILD(event);
      }
      const closed =
        event.activityTaskCompletedEventAttributes ??
        event.activityTaskFailedEventAttributes ??
        event.activityTaskTimedOutEventAttributes ??
        event.activityTaskCanceledEventAttributes;
      return closed != null && counted.has(Number(closed.scheduledEventId));
    },
  };
}

const CLOSED_CHILD = (event: HistoryEvent): boolean =>
  event.childWorkflowExecutionCompletedEventAttributes != null ||
  event.childWorkflowExecutionFailedEventAttributes != null ||
  event.childWorkflowExecutionCanceledEventAttributes != null ||
  event.childWorkflowExecutionTimedOutEventAttributes != null ||
  event.childWorkflowExecutionTerminatedEventAttributes != null ||
  event.startChildWorkflowExecutionFailedEventAttributes != null;

/** Events a workflow task's commands produce; they are written right after its `WorkflowTaskCompleted`. */
function isCommandEvent(event: HistoryEvent): boolean {
  return (
    event.activityTaskScheduledEventAttributes != null ||
    event.activityTaskCancelRequestedEventAttributes != null ||
    event.startChildWorkflowExecutionInitiatedEventAttributes != null ||
    event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes != null ||
    event.workflowPropertiesModifiedEventAttributes != null ||
    event.timerStartedEventAttributes != null ||
    event.markerRecordedEventAttributes != null ||
    event.upsertWorkflowSearchAttributesEventAttributes != null
  );
}

/**
 * Replays a history's events and takes a snapshot of open work after each workflow task's commands, before any
 * event the server buffered during that task.
 */
export function windowSnapshots(events: readonly HistoryEvent[], kind: WorkKind, activityType?: string): WindowSnapshot[] {
  const work = workTracker(kind, activityType);
  const snapshots: WindowSnapshot[] = [];
  let started = 0;
  let closed = 0;
  let pending: number | undefined;
  const flush = () => {
    if (pending !== undefined) {
      snapshots.push({ eventId: pending, open: started - closed, closed, started });
      pending = undefined;
    }
  };
  for (const event of events) {
    if (pending !== undefined && !isCommandEvent(event)) {
      flush();
    }
    if (event.workflowTaskCompletedEventAttributes != null) {
      pending = Number(event.eventId);
    } else if (work.opens(event)) {
      started++;
    } else if (work.closes(event)) {
      closed++;
    }
  }
  flush();
  return snapshots;
}

/** The largest number of items open at once anywhere in the history. */
export function maxOpen(events: readonly HistoryEvent[], kind: WorkKind, activityType?: string): number {
  const work = workTracker(kind, activityType);
  let open = 0;
  let max = 0;
  for (const event of events) {
    if (work.opens(event)) {
      max = Math.max(max, ++open);
    } else if (work.closes(event)) {
      open--;
    }
  }
  return max;
}

/** Open items, and those ready to run, right after the commands of one workflow task. */
export interface DependencyWindowSnapshot {
  eventId: number;
  open: number;
  /** Items whose dependencies have all succeeded and that have not finished (running or waiting for a slot). */
  readyUnfinished: number;
}

/**
 * Like `windowSnapshots` for items with dependencies (child workflows, or activities of one type): tracks which
 * items started, succeeded or failed (named by `keyOf(openingEvent)`), so that each snapshot can be compared with
 * min(N, ready items). Snapshots start with the workflow task that starts the first item.
 */
export function dependencyWindowSnapshots(
  events: readonly HistoryEvent[],
  dependencies: ReadonlyMap<string, readonly string[]>,
  keyOf: (opening: HistoryEvent) => string,
  kind: WorkKind = 'child',
  activityType?: string,
): DependencyWindowSnapshot[] {
  const work = workTracker(kind, activityType);
  const keyByOpeningEvent = new Map<number, string>();
  const open = new Set<string>();
  const succeeded = new Set<string>();
  const finished = new Set<string>();
  const snapshots: DependencyWindowSnapshot[] = [];
  let pending: number | undefined;
  const readyUnfinished = () =>
    [...dependencies].filter(([key, needs]) => !finished.has(key) && needs.every((need) => succeeded.has(need))).length;
  // Before the loop starts its first item (while earlier steps run), nothing is "ready" to the loop yet.
  const flush = () => {
    if (pending !== undefined && keyByOpeningEvent.size > 0) {
      snapshots.push({ eventId: pending, open: open.size, readyUnfinished: readyUnfinished() });
    }
    pending = undefined;
  };
  for (const event of events) {
    if (pending !== undefined && !isCommandEvent(event)) {
      flush();
    }
    if (event.workflowTaskCompletedEventAttributes != null) {
      pending = Number(event.eventId);
    } else if (work.opens(event)) {
      const key = keyOf(event);
      keyByOpeningEvent.set(Number(event.eventId), key);
      open.add(key);
    } else if (work.closes(event)) {
      const key = keyByOpeningEvent.get(openingEventId(event))!;
      open.delete(key);
      finished.add(key);
      if (event.childWorkflowExecutionCompletedEventAttributes != null || event.activityTaskCompletedEventAttributes != null) {
        succeeded.add(key);
      }
    }
  }
  flush();
  return snapshots;
}

/** The id of the event that opened the item a closing event closes. */
function openingEventId(event: HistoryEvent): number {
  const child =
    event.childWorkflowExecutionCompletedEventAttributes ??
    event.childWorkflowExecutionFailedEventAttributes ??
    event.childWorkflowExecutionCanceledEventAttributes ??
    event.childWorkflowExecutionTimedOutEventAttributes ??
    event.childWorkflowExecutionTerminatedEventAttributes ??
    event.startChildWorkflowExecutionFailedEventAttributes;
  const activity =
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes;
  return Number(child?.initiatedEventId ?? activity!.scheduledEventId);
}

import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

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

const OPENED: Record<WorkKind, (event: HistoryEvent) => boolean> = {
  activity: (event) => event.activityTaskScheduledEventAttributes != null,
  child: (event) => event.startChildWorkflowExecutionInitiatedEventAttributes != null,
};

const CLOSED: Record<WorkKind, (event: HistoryEvent) => boolean> = {
  activity: (event) =>
    event.activityTaskCompletedEventAttributes != null ||
    event.activityTaskFailedEventAttributes != null ||
    event.activityTaskTimedOutEventAttributes != null ||
    event.activityTaskCanceledEventAttributes != null,
  child: (event) =>
    event.childWorkflowExecutionCompletedEventAttributes != null ||
    event.childWorkflowExecutionFailedEventAttributes != null ||
    event.childWorkflowExecutionCanceledEventAttributes != null ||
    event.childWorkflowExecutionTimedOutEventAttributes != null ||
    event.childWorkflowExecutionTerminatedEventAttributes != null ||
    event.startChildWorkflowExecutionFailedEventAttributes != null,
};

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
export function windowSnapshots(events: readonly HistoryEvent[], kind: WorkKind): WindowSnapshot[] {
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
    } else if (OPENED[kind](event)) {
      started++;
    } else if (CLOSED[kind](event)) {
      closed++;
    }
  }
  flush();
  return snapshots;
}

/** The largest number of items open at once anywhere in the history. */
export function maxOpen(events: readonly HistoryEvent[], kind: WorkKind): number {
  let open = 0;
  let max = 0;
  for (const event of events) {
    if (OPENED[kind](event)) {
      max = Math.max(max, ++open);
    } else if (CLOSED[kind](event)) {
      open--;
    }
  }
  return max;
}

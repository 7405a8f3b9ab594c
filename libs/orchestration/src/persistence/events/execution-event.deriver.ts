import type { ExecutionStatus, ItemStatus, ProgressNotification } from '../../protocol';
import { itemFinishedEvent, type ExecutionEvent } from './execution-event';

/** What one instance remembers of an execution from one notification to the next. */
export interface ExecutionEventState {
  /** The latest batch sequence whose items have been turned into events. */
  sequence: number;
  status: ExecutionStatus;
  /** Items announced as started and not finished yet, by `itemId`. */
  started: ReadonlySet<string>;
}

/** An item row as the batch that last wrote it left it. */
export interface RecordedItem {
  step: string;
  index: number;
  key: string;
  status: ItemStatus;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number;
  error: string | null;
  blockedBy: string | null;
  sequence: number;
}

/** What is read for one notification. */
export interface ProgressSnapshot {
  /** Keys of the items in flight, by loop step, as the execution's row has them when read. */
  runningKeys: Record<string, readonly string[]>;
  /** Workflow time of the batch those keys come from. */
  observedAt: string;
  /** The items written by batches after `itemsAfter(…)` up to the notification's sequence, in any order. */
  items: RecordedItem[];
}

const OPEN: ExecutionStatus = 'running';

/**
 * The sequence after which items are new to this instance: the last one it processed, or, for an execution it has not
 * seen yet, the one before the notification's (it reports what this batch brought, not the execution's past).
 */
export function itemsAfter(previous: ExecutionEventState | undefined, notification: ProgressNotification): number {
  return previous?.sequence ?? notification.seq - 1;
}

/** Whether a notification can bring anything but a status change: only a newer batch writes items or running keys. */
export function bringsProgress(previous: ExecutionEventState | undefined, notification: ProgressNotification): boolean {
  return notification.seq > itemsAfter(previous, notification);
}

/**
 * The events a notification stands for, given what was read for it and what the previous one left:
 * - the status change, first when the execution (re)opens, last when it closes;
 * - every item finished since, ordered by the time it finished (a blocked item right after the item that blocked it),
 *   then by index; one that was never announced as started, but ran, is announced just before, at its start time;
 * - then the items newly in flight, at the time they were reported (only while the execution runs).
 */
export function deriveExecutionEvents(
  previous: ExecutionEventState | undefined,
  notification: ProgressNotification,
  snapshot: ProgressSnapshot,
): { events: ExecutionEvent[]; state: ExecutionEventState } {
  const base = { executionId: notification.id, workflow: notification.type };
  const started = new Set(previous?.started);
  const events: ExecutionEvent[] = [];

  for (const { item, at } of inFinishOrder(snapshot)) {
    const id = itemId(item.step, item.key);
    const position = { step: item.step, key: item.key, index: item.index };
    if (!started.has(id) && item.attempts > 0 && item.startedAt !== null) {
      events.push({ ...base, type: 'ITEM_STARTED', sequence: item.sequence, at: item.startedAt, ...position });
    }
    started.delete(id);
    events.push({
      ...base,
      type: itemFinishedEvent(item.status),
      sequence: item.sequence,
      at,
      ...position,
      attempts: item.attempts,
      durationMs: item.durationMs,
      ...(item.error === null ? {} : { error: item.error }),
      ...(item.blockedBy === null ? {} : { blockedBy: item.blockedBy }),
    });
  }

  if (notification.status === OPEN) {
    for (const [step, keys] of Object.entries(snapshot.runningKeys)) {
      for (const key of keys) {
        const id = itemId(step, key);
        if (started.has(id)) continue;
        started.add(id);
        events.push({ ...base, type: 'ITEM_STARTED', sequence: notification.seq, at: snapshot.observedAt, step, key });
      }
    }
  }

  if (previous?.status !== notification.status) {
    const change: ExecutionEvent = {
      ...base,
      type: 'STATUS_CHANGED',
      sequence: notification.seq,
      at: notification.updatedAt,
      status: notification.status,
      ...(previous === undefined ? {} : { previousStatus: previous.status }),
    };
    if (notification.status === OPEN) events.unshift(change);
    else events.push(change);
  }
  return {
    events,
    state: { sequence: Math.max(itemsAfter(previous, notification), notification.seq), status: notification.status, started },
  };
}

function itemId(step: string, key: string): string {
  return `${step}\u0000${key}`;
}

/**
 * Items with the time they finished. Blocked items (and items skipped before they started) carry no time of their
 * own: they were settled when the item that blocked them failed, else when the batch was cut.
 */
function inFinishOrder(snapshot: ProgressSnapshot): { item: RecordedItem; at: string }[] {
  const finishedAt = new Map(
    snapshot.items.filter((item) => item.finishedAt !== null).map((item) => [itemId(item.step, item.key), item.finishedAt!]),
  );
  const timed = snapshot.items.map((item) => ({
    item,
    at: item.finishedAt ?? (item.blockedBy === null ? undefined : finishedAt.get(itemId(item.step, item.blockedBy))) ?? snapshot.observedAt,
  }));
  return timed.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      Number(a.item.finishedAt === null) - Number(b.item.finishedAt === null) ||
      a.item.step.localeCompare(b.item.step) ||
      a.item.index - b.item.index,
  );
}

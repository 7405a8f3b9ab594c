import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { expectExactWindow, type HistoryEvent } from '@baton/testing';

/**
 * A history written from a script: `task` is a WorkflowTaskCompleted whose commands follow it (`schedule`), `done`
 * closes the item scheduled n-th (from 1). Event ids are positions.
 */
/** Event ids are protobuf Longs; the helpers read them with Number(), which takes a plain number as well. */
const id = (value: number) => value as unknown as NonNullable<HistoryEvent['eventId']>;

function history(script: readonly (['task'] | ['schedule', string] | ['done', number])[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const scheduledIds: NonNullable<HistoryEvent['eventId']>[] = [];
  for (const [kind, value] of script) {
    const eventId = id(events.length + 1);
    if (kind === 'task') events.push({ eventId, workflowTaskCompletedEventAttributes: {} });
    else if (kind === 'schedule') {
      scheduledIds.push(eventId);
      events.push({ eventId, activityTaskScheduledEventAttributes: { activityType: { name: value } } });
    } else {
      events.push({ eventId, activityTaskCompletedEventAttributes: { scheduledEventId: scheduledIds[value - 1] } });
    }
  }
  return events;
}

const BODY = 'Loop.item';

describe('expectExactWindow', () => {
  it('accepts a window of 2 over 3 items, ignoring a step before the loop and other activity types', () => {
    const events = history([
      ['task'],
      ['schedule', 'Loop.prepare'],
      ['done', 1],
      ['task'],
      ['schedule', BODY],
      ['schedule', BODY],
      ['schedule', 'baton.recordProgress'],
      ['done', 3],
      ['task'],
      ['schedule', BODY],
      ['done', 2],
      ['task'],
      ['done', 5],
      ['task'],
      ['done', 4],
    ]);
    const snapshots = expectExactWindow(events, { activity: BODY, concurrency: 2 });
    assert.deepEqual(
      snapshots.map(({ open, closed }) => [open, closed]),
      [
        [2, 0],
        [2, 1],
        [1, 2],
        [0, 3],
      ],
    );
  });

  it('fails when a workflow task left a slot empty, naming the event and the expectation', () => {
    const events = history([['task'], ['schedule', BODY], ['done', 1], ['task'], ['schedule', BODY], ['done', 2], ['task']]);
    assert.throws(
      () => expectExactWindow(events, { activity: BODY, concurrency: 2 }),
      // By name: Jest gives the test file its own realm, so node:assert's class there is another object.
      (error: unknown) =>
        (error as Error).name === 'AssertionError' &&
        // Node appends the compared values to the message.
        (error as Error).message.startsWith(
          `after WorkflowTaskCompleted #1: 1 activity "${BODY}" open, expected min(2, 2 - 0 finished) = 2`,
        ),
    );
  });

  it('fails when more than `concurrency` items were open', () => {
    const events = history([
      ['task'],
      ['schedule', BODY],
      ['schedule', BODY],
      ['schedule', BODY],
      ['done', 1],
      ['done', 2],
      ['done', 3],
      ['task'],
    ]);
    assert.throws(
      () => expectExactWindow(events, { activity: BODY, concurrency: 2 }),
      /3 activity "Loop\.item" open, expected min\(2, 3 - 0 finished\) = 2/,
    );
  });

  it('says what to check when the history started no such item', () => {
    assert.throws(
      () => expectExactWindow(history([['task']]), { activity: 'Loop.typo', concurrency: 2 }),
      /started no activity "Loop\.typo"\. Check the name \(`ClassName\.method` of the @ParallelLoop body\)/,
    );
  });
});

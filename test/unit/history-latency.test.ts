import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { temporal } from '@temporalio/proto';
import { loopItemGaps, summariseGaps } from '../../bench/support/history-latency';
import { percentile } from '../../bench/support/statistics';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * A history event at `ms` milliseconds, with the attributes given (ids and times are all the gap maths reads). Ids
 * and seconds are plain numbers where the protobuf types say Long: the maths reads both through Number().
 */
function event(eventId: number, ms: number, attributes: Record<string, Record<string, number>>): HistoryEvent {
  return {
    eventId,
    eventTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 },
    ...attributes,
  } as unknown as HistoryEvent;
}

const task = (first: number, scheduledMs: number, startedMs: number, completedMs: number): HistoryEvent[] => [
  event(first, scheduledMs, { workflowTaskScheduledEventAttributes: {} }),
  event(first + 1, startedMs, { workflowTaskStartedEventAttributes: { scheduledEventId: first } }),
  event(first + 2, completedMs, { workflowTaskCompletedEventAttributes: { scheduledEventId: first, startedEventId: first + 1 } }),
];

describe('orchestration latency from a history', () => {
  // Two items at window 1: the first activity is scheduled by the first task, the second after the first completed.
  const history: HistoryEvent[] = [
    event(1, 0, { workflowExecutionStartedEventAttributes: {} }),
    ...task(2, 0, 5, 10),
    event(5, 10, { activityTaskScheduledEventAttributes: { workflowTaskCompletedEventId: 4 } }),
    event(6, 12, { activityTaskStartedEventAttributes: { scheduledEventId: 5 } }),
    event(7, 32, { activityTaskCompletedEventAttributes: { scheduledEventId: 5, startedEventId: 6 } }),
    ...task(8, 33, 40, 55),
    event(11, 55, { activityTaskScheduledEventAttributes: { workflowTaskCompletedEventId: 10 } }),
    event(12, 70, { activityTaskStartedEventAttributes: { scheduledEventId: 11 } }),
  ];

  it('splits completion → next activity started into its hops, and skips the activity no completion released', () => {
    assert.deepEqual(loopItemGaps(history), [
      [
        { stage: 'completion → workflow task scheduled', ms: 1 },
        { stage: 'workflow task scheduled → started', ms: 7 },
        { stage: 'workflow task started → completed', ms: 15 },
        { stage: 'workflow task completed → activity scheduled', ms: 0 },
        { stage: 'activity scheduled → started', ms: 15 },
      ],
    ]);
  });

  it('summarises each hop and the links’ totals by median and p95', () => {
    const rows = summariseGaps(loopItemGaps(history));
    assert.deepEqual(rows.at(-1), { stage: 'total', median: 38, p95: 38 });
    assert.equal(percentile([5, 1, 4, 2, 3], 0.5), 3);
    assert.equal(percentile([...Array(20).keys()], 0.95), 18);
  });
});

import assert from 'node:assert/strict';
import { maxOpen, windowSnapshots, type HistoryEvent, type WindowSnapshot } from './history-window';

/** What `expectExactWindow` counts: one activity type (a loop body, `ClassName.method`), or the child workflows. */
export type WindowWork = { activity: string; childWorkflows?: never } | { childWorkflows: true; activity?: never };

export type ExactWindowOptions = WindowWork & {
  /** The loop's `concurrency` (or the input's `concurrencyFrom` value). */
  concurrency: number;
  /** How many items the loop runs; defaults to how many the history started (skipped items never start). */
  total?: number;
};

/**
 * Asserts that a loop kept an exact window: right after every `WorkflowTaskCompleted` from the one that started the
 * first item, exactly min(concurrency, items not yet finished) items are open, and never more than `concurrency`
 * anywhere in the history. Holds for loops without item dependencies in one run (a continued run has its own
 * history); returns the snapshots it checked. Throws node:assert's `AssertionError`, so it works under any runner.
 */
export function expectExactWindow(history: readonly HistoryEvent[], options: ExactWindowOptions): WindowSnapshot[] {
  const { concurrency } = options;
  assert.ok(
    Number.isInteger(concurrency) && concurrency >= 1,
    `expectExactWindow: "concurrency" must be an integer from 1 up, got ${concurrency}`,
  );
  const [kind, activityType, label] =
    options.activity !== undefined
      ? (['activity', options.activity, `activity "${options.activity}"`] as const)
      : (['child', undefined, 'child workflows'] as const);
  const snapshots = windowSnapshots(history, kind, activityType).filter((snapshot) => snapshot.started > 0);
  const total = options.total ?? snapshots.at(-1)?.started ?? 0;
  assert.ok(
    total > 0,
    `expectExactWindow: the history (${history.length} events) started no ${label}. ` +
      'Check the name (`ClassName.method` of the @ParallelLoop body) and pass the history of the run that ran the loop.',
  );
  for (const snapshot of snapshots) {
    const expected = Math.min(concurrency, total - snapshot.closed);
    assert.equal(
      snapshot.open,
      expected,
      `after WorkflowTaskCompleted #${snapshot.eventId}: ${snapshot.open} ${label} open, expected min(${concurrency}, ${total} ` +
        `- ${snapshot.closed} finished) = ${expected}`,
    );
  }
  const most = maxOpen(history, kind, activityType);
  assert.equal(most, Math.min(concurrency, total), `the most ${label} open at once was ${most}, expected min(${concurrency}, ${total})`);
  return snapshots;
}

import { Injectable } from '@nestjs/common';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatonClient,
  InvalidConcurrencyError,
  ParallelLoop,
  Step,
  Workflow,
  type ConcurrencyChange,
  type ExecutionProgress,
  type LoopProgress,
  type LoopResult,
} from '@baton/orchestration';
import {
  PAUSE_SIGNAL,
  PROGRESS_SINK_ACTIVITY,
  RESUME_SIGNAL,
  SET_CONCURRENCY_UPDATE,
  type Continuation,
  type ProgressBatch,
} from '@baton/orchestration/protocol';
import { maxOpen, windowSnapshots, type WindowSnapshot } from '@baton/testing';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const BODY = 'ControlledWorkflow.process';

@Workflow()
@Injectable()
class ControlledWorkflow {
  /** 150 to 249 ms, varying per item, so slots free one by one and every refill is visible in the history. */
  @ParallelLoop({ over: { input: 'items' }, concurrency: 2, concurrencyFrom: 'concurrency' })
  async process(item: number): Promise<number> {
    await sleep(150 + ((item * 37) % 100));
    return item * 10;
  }
}

@Workflow()
@Injectable()
class QuickItemsWorkflow {
  @ParallelLoop({ over: { input: true }, concurrency: 2 })
  async square(item: number): Promise<number> {
    await sleep(20);
    return item * item;
  }
}

@Workflow()
@Injectable()
class SingleStepWorkflow {
  @Step()
  async wait(): Promise<string> {
    await sleep(500);
    return 'done';
  }
}

const range = (length: number) => Array.from({ length }, (_, index) => index);

/** Polls the `baton.progress` query until `done` holds (a safety cap turns a hang into a failure, not a time budget). */
async function progressUntil(
  client: BatonClient,
  workflowId: string,
  done: (progress: ExecutionProgress, loop: LoopProgress) => boolean,
): Promise<ExecutionProgress> {
  for (let poll = 0; poll < 1_000; poll++) {
    const progress = await client.progress(workflowId);
    if (progress.loops.length > 0 && done(progress, progress.loops[0])) {
      return progress;
    }
    await sleep(25);
  }
  throw new Error(`the progress of ${workflowId} never reached the expected state`);
}

function eventIdOf(events: readonly HistoryEvent[], matches: (event: HistoryEvent) => boolean): number {
  const event = events.find(matches);
  assert.ok(event, 'the history holds the expected event');
  return Number(event.eventId);
}

const isUpdateAccepted = (event: HistoryEvent) => event.workflowExecutionUpdateAcceptedEventAttributes != null;
const isSignal = (name: string) => (event: HistoryEvent) => event.workflowExecutionSignaledEventAttributes?.signalName === name;
const isScheduled = (type: string) => (event: HistoryEvent) => event.activityTaskScheduledEventAttributes?.activityType?.name === type;

/**
 * The update's events are written among the commands of the workflow task that ran its handler; `windowSnapshots`
 * would read them as the end of that task's commands, so they are left out when counting the window.
 */
function workEvents(events: readonly HistoryEvent[]): HistoryEvent[] {
  return events.filter((event) => !isUpdateAccepted(event) && event.workflowExecutionUpdateCompletedEventAttributes == null);
}

/** Open items of the loop body right after each event, in history order. */
function openAfterEach(events: readonly HistoryEvent[]): { eventId: number; open: number; scheduled: boolean }[] {
  const scheduled = new Set<number>();
  let open = 0;
  return events.map((event) => {
    const isStart = isScheduled(BODY)(event);
    if (isStart) {
      scheduled.add(Number(event.eventId));
      open++;
    }
    const closed = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes;
    if (closed != null && scheduled.has(Number(closed.scheduledEventId))) {
      open--;
    }
    return { eventId: Number(event.eventId), open, scheduled: isStart };
  });
}

function decodePayloads(payloads: temporal.api.common.v1.IPayloads | null | undefined): unknown[] {
  return (payloads?.payloads ?? []).map((payload) => JSON.parse(Buffer.from(payload.data!).toString('utf8')));
}

/** The progress batches whose sink activity was scheduled in the history between two event ids. */
function batchesBetween(events: readonly HistoryEvent[], fromId: number, toId = Infinity): ProgressBatch[] {
  return events
    .filter((event) => isScheduled(PROGRESS_SINK_ACTIVITY)(event) && Number(event.eventId) > fromId && Number(event.eventId) < toId)
    .map((event) => decodePayloads(event.activityTaskScheduledEventAttributes!.input)[0] as ProgressBatch);
}

function assertExactWindow(snapshot: WindowSnapshot, limit: number, total: number): void {
  assert.equal(
    snapshot.open,
    Math.min(limit, total - snapshot.closed),
    `after WorkflowTaskCompleted #${snapshot.eventId}: ${snapshot.open} open, ${snapshot.closed} closed, window ${limit}`,
  );
}

describe('pause, resume and setConcurrency on running executions (real Temporal)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  let continuing: WorkerApp;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [ControlledWorkflow, SingleStepWorkflow]);
    // Runs continue as new after a few events.
    continuing = await startWorkerApp(stack, [QuickItemsWorkflow], undefined, { continueAsNewAfterEvents: 120 });
  });

  afterAll(async () => {
    await continuing?.close();
    await worker?.close();
    await stack?.stop();
  });

  it('raises the window from 2 to 6 mid-run: at most 2 open before the update, exactly min(6, unfinished) after', async () => {
    const total = 40;
    const handle = await worker.client.start<LoopResult<number>>(ControlledWorkflow, { items: range(total) });
    await progressUntil(worker.client, handle.workflowId, (progress) => progress.completed >= 4);

    const change = await worker.client.setConcurrency(handle.workflowId, 6);
    assert.deepEqual(change, { previous: 2, concurrency: 6 } satisfies ConcurrencyChange);
    const progress = await worker.client.progress(handle.workflowId);
    assert.equal(progress.loops[0].concurrency, 6);
    assert.equal(progress.loops[0].paused, false);

    const result = await handle.result();
    assert.equal(result.succeeded, total);
    assert.deepEqual(
      result.items.map((item) => item.result),
      range(total).map((item) => item * 10),
    );
    assert.equal(result.concurrency, 6, 'the result reports the window the loop ended with');

    const { events } = await handle.fetchHistory();
    const accepted = eventIdOf(events!, isUpdateAccepted);
    assert.equal(
      maxOpen(
        events!.filter((event) => Number(event.eventId) < accepted),
        'activity',
        BODY,
      ),
      2,
    );
    const snapshots = windowSnapshots(workEvents(events!), 'activity', BODY);
    const updateTask = snapshots.filter((snapshot) => snapshot.eventId < accepted).at(-1)!;
    assert.ok(updateTask.closed < total - 6, 'the update arrived with more than 6 items left');
    for (const snapshot of snapshots) {
      assertExactWindow(snapshot, snapshot.eventId < updateTask.eventId ? 2 : 6, total);
    }
    assert.equal(Math.max(...snapshots.filter((snapshot) => snapshot.eventId >= updateTask.eventId).map((snapshot) => snapshot.open)), 6);
    assert.ok(
      batchesBetween(events!, accepted).some((batch) => batch.loops[0]?.concurrency === 6),
      'a progress batch records the new window',
    );
  });

  const lowerWindowTest =
    'lowers the window from 6 to 2: once the update is accepted no start leaves more than 2 running, and the window is exact again ' +
    'once drained';
  it(lowerWindowTest, async () => {
    const total = 30;
    const handle = await worker.client.start<LoopResult<number>>(ControlledWorkflow, { items: range(total), concurrency: 6 });
    await progressUntil(worker.client, handle.workflowId, (progress) => progress.completed >= 6);

    assert.deepEqual(await worker.client.setConcurrency(handle.workflowId, 2), { previous: 6, concurrency: 2 });
    const result = await handle.result();
    assert.equal(result.succeeded, total);
    assert.equal(result.concurrency, 2);

    const { events } = await handle.fetchHistory();
    const accepted = eventIdOf(events!, isUpdateAccepted);
    const timeline = openAfterEach(events!);
    // How many run when the update lands depends on how many items closed in the same workflow task; the window
    // of 6 holds up to there.
    assert.ok(
      Math.max(...timeline.filter((point) => point.eventId < accepted).map((point) => point.open)) <= 6,
      'at most 6 ran before the update',
    );
    const after = timeline.filter((point) => point.eventId > accepted);
    const starts = after.filter((point) => point.scheduled);
    assert.ok(starts.length > 0, 'the loop went on after the update');
    // An item starts only when fewer than 2 run: items already running finish, and nothing joins them.
    for (const start of starts) {
      assert.ok(start.open <= 2, `ActivityTaskScheduled #${start.eventId} left ${start.open} open with a window of 2`);
    }

    // Once drained below the new window, the window is exact again.
    const snapshots = windowSnapshots(workEvents(events!), 'activity', BODY).filter((snapshot) => snapshot.eventId > accepted);
    const drainedAt = snapshots.findIndex((snapshot) => snapshot.open <= 2);
    assert.ok(drainedAt >= 0);
    for (const snapshot of snapshots.slice(drainedAt)) {
      assertExactWindow(snapshot, 2, total);
    }
  });

  it('pauses: nothing starts until resumed, running items finish, then the window refills and every item succeeds', async () => {
    const total = 30;
    const handle = await worker.client.start<LoopResult<number>>(ControlledWorkflow, { items: range(total), concurrency: 4 });
    await progressUntil(worker.client, handle.workflowId, (progress) => progress.completed >= 4);

    await worker.client.pause(handle.workflowId);
    const paused = await progressUntil(worker.client, handle.workflowId, (_, loop) => loop.running === 0);
    assert.equal(paused.loops[0].paused, true);
    assert.ok(paused.completed < total);
    // Longer than any item takes: were the window still filling, items would have started and finished meanwhile.
    await sleep(400);
    const still = await worker.client.progress(handle.workflowId);
    assert.deepEqual(
      { completed: still.completed, running: still.running, paused: still.loops[0].paused },
      { completed: paused.completed, running: 0, paused: true },
    );

    await worker.client.resume(handle.workflowId);
    assert.equal((await worker.client.progress(handle.workflowId)).loops[0].paused, false);
    const result = await handle.result();
    assert.equal(result.succeeded, total);
    assert.deepEqual(
      result.items.map((item) => item.status),
      range(total).map(() => 'succeeded'),
    );

    const { events } = await handle.fetchHistory();
    const pausedAt = eventIdOf(events!, isSignal(PAUSE_SIGNAL));
    const resumedAt = eventIdOf(events!, isSignal(RESUME_SIGNAL));
    const timeline = openAfterEach(events!);
    const between = timeline.filter((point) => point.eventId > pausedAt && point.eventId < resumedAt);
    assert.ok(timeline.find((point) => point.eventId === pausedAt)!.open > 0, 'items were running when the pause arrived');
    assert.equal(between.filter((point) => point.scheduled).length, 0, 'no item started while paused');
    assert.equal(between.at(-1)!.open, 0, 'the items running at the pause finished');

    const snapshots = windowSnapshots(events!, 'activity', BODY);
    const firstAfterResume = snapshots.findIndex((snapshot) => snapshot.eventId > resumedAt);
    assert.equal(snapshots[firstAfterResume].open, 4, 'the resume refilled the window in the task that delivered it');
    for (const snapshot of [...snapshots.filter((snapshot) => snapshot.eventId < pausedAt), ...snapshots.slice(firstAfterResume)]) {
      assertExactWindow(snapshot, 4, total);
    }
    assert.ok(
      batchesBetween(events!, pausedAt, resumedAt).some((batch) => batch.loops[0]?.paused === true),
      'a progress batch records the pause',
    );
    assert.ok(
      batchesBetween(events!, resumedAt).some((batch) => batch.loops[0]?.paused === false),
      'a progress batch records the resume',
    );
  });

  it('cancels a paused execution that has nothing in flight', async () => {
    const handle = await worker.client.start<LoopResult<number>>(ControlledWorkflow, { items: range(20) });
    await progressUntil(worker.client, handle.workflowId, (progress) => progress.completed >= 1);
    await worker.client.pause(handle.workflowId);
    await progressUntil(worker.client, handle.workflowId, (_, loop) => loop.running === 0);

    await worker.client.cancel(handle.workflowId);
    await assert.rejects(
      handle.result(),
      (error: unknown) => error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure,
    );
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
  });

  const refusedWindowTest =
    'refuses a window below 1 or above what Temporal can hold, in the client and in the workflow, and the run goes on unaffected';
  it(refusedWindowTest, async () => {
    const total = 20;
    const handle = await worker.client.start<LoopResult<number>>(ControlledWorkflow, { items: range(total), concurrency: 3 });
    await progressUntil(worker.client, handle.workflowId, (progress) => progress.running > 0);

    for (const invalid of [0, 2.5, -1, 1001, 1e9]) {
      await assert.rejects(
        worker.client.setConcurrency(handle.workflowId, invalid),
        (error: unknown) =>
          error instanceof InvalidConcurrencyError &&
          error.message ===
            `Cannot change the concurrency of execution "${handle.workflowId}": concurrency must be an integer from 1 to 1000, but it ` +
              `is a number (${invalid}). Use 1 to run one item at a time.`,
      );
    }
    const temporal = await worker.client.temporal();
    for (const invalid of [0, 1e9]) {
      await assert.rejects(
        temporal.workflow
          .getHandle(handle.workflowId)
          .executeUpdate<ConcurrencyChange, [number]>(SET_CONCURRENCY_UPDATE, { args: [invalid] }),
        (error: unknown) =>
          error instanceof WorkflowUpdateFailedError &&
          error.cause?.message ===
            `Concurrency must be an integer from 1 to 1000, but it is a number (${invalid}). Use 1 to run one item at a time.`,
      );
    }

    const result = await handle.result();
    assert.equal(result.succeeded, total);
    assert.equal(result.concurrency, 3);
    const { events } = await handle.fetchHistory();
    assert.equal(events!.filter(isUpdateAccepted).length, 0, 'a refused update leaves no trace in the history');
    for (const snapshot of windowSnapshots(events!, 'activity', BODY)) {
      assertExactWindow(snapshot, 3, total);
    }
  });

  it('refuses setConcurrency on a workflow without loops', async () => {
    const handle = await worker.client.start(SingleStepWorkflow);
    await assert.rejects(
      worker.client.setConcurrency(handle.workflowId, 4),
      (error: unknown) =>
        error instanceof WorkflowUpdateFailedError &&
        error.cause?.message === 'Workflow "SingleStepWorkflow" has no @ParallelLoop() step, so it has no concurrency to change.',
    );
    assert.equal(await handle.result(), 'done');
  });

  it('carries the new window across continue-as-new', async () => {
    const total = 60;
    const handle = await continuing.client.start<LoopResult<number>>(QuickItemsWorkflow, range(total));
    assert.deepEqual(await continuing.client.setConcurrency(handle.workflowId, 4), { previous: 2, concurrency: 4 });
    const result = await handle.result();
    assert.deepEqual({ succeeded: result.succeeded, concurrency: result.concurrency }, { succeeded: total, concurrency: 4 });

    const temporal = await continuing.client.temporal();
    const { events: first } = await temporal.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
    const continued = first!.find((event) => event.workflowExecutionContinuedAsNewEventAttributes != null);
    assert.ok(continued, 'the first run continued as new');
    const [, continuation] = decodePayloads(continued.workflowExecutionContinuedAsNewEventAttributes!.input) as [unknown, Continuation];
    assert.deepEqual(continuation.control, { paused: false, concurrency: 4 });
    const { events: next } = await temporal.workflow
      .getHandle(handle.workflowId, continued.workflowExecutionContinuedAsNewEventAttributes!.newExecutionRunId!)
      .fetchHistory();
    assert.equal(maxOpen(next!, 'activity', 'QuickItemsWorkflow.square'), 4);
  });

  it('starts paused when the run it continues was paused, and fills the carried window once resumed', async () => {
    const total = 12;
    const temporal = await continuing.client.temporal();
    const carried: Continuation = { steps: {}, loops: {}, progressSequence: 0, control: { paused: true, concurrency: 3 } };
    const handle = await temporal.workflow.start('QuickItemsWorkflow', {
      taskQueue: continuing.taskQueue,
      workflowId: `continued-paused-${randomUUID()}`,
      args: [range(total), carried],
    });
    const paused = await progressUntil(continuing.client, handle.workflowId, () => true);
    assert.deepEqual(
      { running: paused.running, completed: paused.completed, paused: paused.loops[0].paused, concurrency: paused.loops[0].concurrency },
      {
        running: 0,
        completed: 0,
        paused: true,
        concurrency: 3,
      },
    );
    await continuing.client.resume(handle.workflowId);
    const result = (await handle.result()) as LoopResult<number>;
    assert.deepEqual({ succeeded: result.succeeded, concurrency: result.concurrency }, { succeeded: total, concurrency: 3 });
    const { events } = await handle.fetchHistory();
    const resumedAt = eventIdOf(events!, isSignal(RESUME_SIGNAL));
    assert.equal(events!.filter((event) => isScheduled('QuickItemsWorkflow.square')(event) && Number(event.eventId) < resumedAt).length, 0);
    assert.equal(maxOpen(events!, 'activity', 'QuickItemsWorkflow.square'), 3);
  });

  it('replays every history of this suite, signals and updates included, without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 6);
    assert.ok((await continuing.assertReplays()) >= 2);
  });
});

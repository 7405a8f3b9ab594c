import { Injectable } from '@nestjs/common';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidWorkflowInputError, ParallelLoop, Workflow, type LoopContext, type LoopResult } from '@baton/orchestration';
import { ActivityRecorder } from '../support/activity-recorder';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

interface TestItem {
  id: string;
  fails?: boolean;
  /** Fails until this attempt, then succeeds. */
  succeedsOnAttempt?: number;
  needs?: string[];
}

@Injectable()
class ItemWork {
  constructor(readonly recorder: ActivityRecorder) {}

  run(item: TestItem, context: LoopContext): Promise<string> {
    return this.recorder.track(item.id, async () => {
      await sleep(50);
      if (item.fails || (item.succeedsOnAttempt !== undefined && context.attempt < item.succeedsOnAttempt)) {
        throw new Error(`item ${item.id} is broken (attempt ${context.attempt})`);
      }
      return `done ${item.id}`;
    });
  }
}

@Workflow()
@Injectable()
class FailFastLoop {
  constructor(private readonly work: ItemWork) {}

  @ParallelLoop({ over: { input: true }, concurrency: 2 })
  run(item: TestItem, context: LoopContext) {
    return this.work.run(item, context);
  }
}

@Workflow()
@Injectable()
class ContinueLoop {
  constructor(private readonly work: ItemWork) {}

  @ParallelLoop({ over: { input: true }, concurrency: 3, onItemError: 'continue' })
  run(item: TestItem, context: LoopContext) {
    return this.work.run(item, context);
  }
}

@Workflow()
@Injectable()
class RetryLoop {
  constructor(private readonly work: ItemWork) {}

  @ParallelLoop({
    over: { input: true },
    concurrency: 2,
    onItemError: 'continue',
    retry: { attempts: 3, backoff: { initialInterval: '100ms' } },
  })
  run(item: TestItem, context: LoopContext) {
    return this.work.run(item, context);
  }
}

@Workflow()
@Injectable()
class BlockingLoop {
  constructor(private readonly work: ItemWork) {}

  @ParallelLoop({ over: { input: true }, concurrency: 2, key: 'id', dependsOn: 'needs', onItemError: 'block-dependents' })
  run(item: TestItem, context: LoopContext) {
    return this.work.run(item, context);
  }
}

/** An item activity of this loop (the progress sink's activities do not count). */
const isItemScheduled = (event: temporal.api.history.v1.IHistoryEvent, activityType: string) =>
  event.activityTaskScheduledEventAttributes?.activityType?.name === activityType;

const items = (count: number, failing: number[] = []): TestItem[] =>
  Array.from({ length: count }, (_, index) => ({ id: `${index}`, ...(failing.includes(index) ? { fails: true } : {}) }));

describe('loop item errors: fail-fast, continue, retry, block-dependents (real Temporal)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  const recorder = new ActivityRecorder();

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [
      { provide: ActivityRecorder, useValue: recorder },
      ItemWork,
      FailFastLoop,
      ContinueLoop,
      RetryLoop,
      BlockingLoop,
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  it('fail-fast at item 5 of 10: nothing new starts once the failure is seen, and the step fails with it', async () => {
    const handle = await worker.client.start(FailFastLoop, items(10, [5]));
    const error = await handle.result().then(
      () => assert.fail('the workflow should fail'),
      (error: unknown) => error,
    );
    assert.ok(error instanceof WorkflowFailedError);
    assert.ok(error.cause instanceof ApplicationFailure);
    assert.equal(error.cause.message, 'Loop step "run" stopped at its first failed item "5": item 5 is broken (attempt 1)');
    const [loop] = error.cause.details as [LoopResult];
    assert.equal(loop.failed, 1);
    assert.equal(loop.items[5].status, 'failed');
    assert.equal(loop.succeeded + loop.failed + loop.skipped, 10);
    assert.ok(
      loop.items.slice(7).every((item) => item.status === 'skipped'),
      'items after the failure never ran',
    );

    const { events } = await handle.fetchHistory();
    const failedAt = events!.findIndex((event) => event.activityTaskFailedEventAttributes != null);
    const seenAt = events!.findIndex((event, index) => index > failedAt && event.workflowTaskCompletedEventAttributes != null);
    assert.ok(failedAt > 0 && seenAt > failedAt);
    const scheduledAfter = events!.slice(seenAt).filter((event) => isItemScheduled(event, 'FailFastLoop.run'));
    assert.equal(scheduledAfter.length, 0, 'no item activity is scheduled after the workflow task that saw the failure');
    const scheduled = events!.filter((event) => isItemScheduled(event, 'FailFastLoop.run')).length;
    assert.ok(scheduled <= 7, `at most items 0..6 were started, got ${scheduled}`);
  });

  it('continue with failures at items 2, 5 and 8: 7 succeed, 3 fail with their errors', async () => {
    const result = await worker.client.execute<LoopResult<string>>(ContinueLoop, items(10, [2, 5, 8]));
    assert.equal(result.succeeded, 7);
    assert.equal(result.failed, 3);
    assert.deepEqual(
      result.items.filter((item) => item.status === 'failed').map(({ key, error, attempts }) => ({ key, error, attempts })),
      [2, 5, 8].map((index) => ({ key: `${index}`, error: `item ${index} is broken (attempt 1)`, attempts: 1 })),
    );
    assert.deepEqual(
      result.items.filter((item) => item.status === 'succeeded').map((item) => item.result),
      [0, 1, 3, 4, 6, 7, 9].map((index) => `done ${index}`),
    );
  });

  it('retry 3: a permanently failing item makes exactly 3 attempts; a transient one succeeds on its 2nd', async () => {
    const input: TestItem[] = [{ id: 'always-fails', fails: true }, { id: 'flaky', succeedsOnAttempt: 2 }, { id: 'fine' }];
    const result = await worker.client.execute<LoopResult<string>>(RetryLoop, input);
    assert.deepEqual(
      result.items.map(({ preview, status, attempts }) => ({ id: (JSON.parse(preview) as TestItem).id, status, attempts })),
      [
        { id: 'always-fails', status: 'failed', attempts: 3 },
        { id: 'flaky', status: 'succeeded', attempts: 2 },
        { id: 'fine', status: 'succeeded', attempts: 1 },
      ],
    );
    assert.equal(recorder.named('always-fails').length, 3);
    assert.equal(recorder.named('flaky').length, 2);
    assert.equal(result.items[0].error, 'item always-fails is broken (attempt 3)');
  });

  it('block-dependents: the failed item’s transitive dependents never start; unrelated items complete', async () => {
    const input: TestItem[] = [
      { id: 'a' },
      { id: 'b', needs: ['a'], fails: true },
      { id: 'c', needs: ['b'] },
      { id: 'd' },
      { id: 'e', needs: ['d'] },
      { id: 'f', needs: ['c', 'e'] },
      { id: 'g', needs: ['a', 'd'] },
    ].map((item) => ({ ...item, id: `block-${item.id}`, needs: item.needs?.map((need) => `block-${need}`) }));
    const handle = await worker.client.start<LoopResult<string>>(BlockingLoop, input);
    const result = await handle.result();
    const status = Object.fromEntries(result.items.map((item) => [item.key.slice('block-'.length), item.status]));
    assert.deepEqual(status, { a: 'succeeded', b: 'failed', c: 'blocked', d: 'succeeded', e: 'succeeded', f: 'blocked', g: 'succeeded' });
    for (const blocked of ['block-c', 'block-f']) {
      assert.equal(recorder.named(blocked).length, 0, `${blocked} never ran`);
      const item = result.items.find((entry) => entry.key === blocked)!;
      assert.equal(item.blockedBy, 'block-b');
      assert.equal(item.error, 'blocked: depends on "block-b", which failed');
      assert.equal(item.attempts, 0);
    }
    const { events } = await handle.fetchHistory();
    assert.equal(events!.filter((event) => isItemScheduled(event, 'BlockingLoop.run')).length, 5, 'no activity exists for c and f');
  });

  it('treats a null loop input as an empty loop', async () => {
    const result = await worker.client.execute<LoopResult>(ContinueLoop, null);
    assert.deepEqual(result, { concurrency: 3, total: 0, succeeded: 0, failed: 0, blocked: 0, skipped: 0, items: [] });
  });

  it('refuses to start with input that is not an array, naming the loop', async () => {
    const error = await worker.client.start(ContinueLoop, { not: 'an array' }).catch((error: unknown) => error);
    assert.ok(error instanceof InvalidWorkflowInputError);
    assert.deepEqual(error.problems, [
      'loop step "run" needs an array to loop over, but the workflow input is an object ({"not":"an array"})',
    ]);
  });

  it('fails the step with the step name and the type received when another Temporal client sends input that is not an array', async () => {
    const temporal = await worker.client.temporal();
    const handle = await temporal.workflow.start('ContinueLoop', {
      taskQueue: worker.taskQueue,
      workflowId: `not-an-array-${Date.now()}`,
      args: [{ not: 'an array' }],
    });
    const error = await handle.result().catch((error: unknown) => error);
    assert.ok(error instanceof WorkflowFailedError);
    assert.equal(
      error.cause?.message,
      'Loop step "run" needs an array to loop over, but the workflow input is an object ({"not":"an array"}). Pass an array (or null ' +
        'for no items) there when starting the workflow.',
    );
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 6);
  });
});

import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { DependsOn, ParallelLoop, Step, Workflow, type LoopContext, type LoopResult } from '@baton/orchestration';
import { ActivityRecorder } from '../support/activity-recorder';
import { expectExactWindow } from '@baton/testing';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

@Workflow()
@Injectable()
class DiamondWorkflow {
  constructor(private readonly recorder: ActivityRecorder) {}

  @Step()
  fetch(input: { value: number }): Promise<number> {
    return this.recorder.track('fetch', async () => input.value);
  }

  @DependsOn('fetch')
  @Step()
  double(value: number): Promise<number> {
    return this.recorder.track('double', async () => (await sleep(300), value * 2));
  }

  @DependsOn('fetch')
  @Step()
  square(value: number): Promise<number> {
    return this.recorder.track('square', async () => (await sleep(300), value * value));
  }

  @DependsOn('double', 'square')
  @Step()
  sum(results: { double: number; square: number }): Promise<number> {
    return this.recorder.track('sum', async () => results.double + results.square);
  }
}

/** Durations vary per item so slots free up at different times and refills are observable. */
function itemDelay(index: number): number {
  return 100 + ((index * 37) % 100);
}

@Workflow()
@Injectable()
class WindowWorkflow {
  constructor(private readonly recorder: ActivityRecorder) {}

  @ParallelLoop({ over: { input: 'items' }, concurrency: 4, concurrencyFrom: 'concurrency' })
  process(item: number, context: LoopContext): Promise<number> {
    return this.recorder.track(`item-${context.step}`, async () => (await sleep(itemDelay(item)), item * 10));
  }
}

describe('DAG of steps and the loop window (real Temporal)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  const recorder = new ActivityRecorder();

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [{ provide: ActivityRecorder, useValue: recorder }, DiamondWorkflow, WindowWorkflow]);
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  it('starts a step only after its dependencies finished and runs independent steps in parallel', async () => {
    const result = await worker.client.execute<number>(DiamondWorkflow, { value: 3 });
    assert.equal(result, 3 * 2 + 3 * 3);
    const [fetch] = recorder.named('fetch');
    const [double] = recorder.named('double');
    const [square] = recorder.named('square');
    const [sum] = recorder.named('sum');
    assert.ok(double.start >= fetch.end! && square.start >= fetch.end!, 'double and square wait for fetch');
    assert.ok(sum.start >= double.end! && sum.start >= square.end!, 'sum waits for double and square');
    assert.ok(double.start < square.end! && square.start < double.end!, 'double and square overlap in time');
  });

  for (const concurrency of [4, 10]) {
    it(`keeps exactly min(${concurrency}, unfinished) of 100 items in flight`, async () => {
      const items = Array.from({ length: 100 }, (_, index) => index);
      recorder.maxRunning = 0;
      const handle = await worker.client.start<LoopResult<number>>(WindowWorkflow, { items, concurrency });
      const result = await handle.result();

      assert.equal(result.total, 100);
      assert.equal(result.succeeded, 100);
      assert.deepEqual(
        result.items.map((item) => item.result),
        items.map((item) => item * 10),
      );
      assert.equal(recorder.maxRunning, concurrency, 'activities themselves never saw more than N running');

      // After every workflow task, min(N, 100 - finished) open; never more than N anywhere.
      const snapshots = expectExactWindow(await worker.history(handle), { activity: 'WindowWorkflow.process', concurrency, total: 100 });
      assert.ok(snapshots.length > 10);
    });
  }

  it('replays every history of this suite without a determinism error', async () => {
    assert.equal(await worker.assertReplays(), 3);
  });
});

import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Step, Workflow } from '@baton/orchestration';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

/** What the issue promises: a cancelled execution's running activities see the cancellation within 2 s. */
const CANCEL_BOUND_MS = 2_000;

/** When each activity started and when its cancellation signal fired, by the id its input names. */
@Injectable()
class AbortRecorder {
  readonly started = new Map<string, number>();
  readonly aborted = new Map<string, number>();

  /** Runs until the activity is cancelled (it never succeeds), recording both moments. */
  async waitForCancellation(id: string): Promise<never> {
    const { cancellationSignal } = Context.current();
    this.started.set(id, performance.now());
    return new Promise<never>((_, reject) => {
      cancellationSignal.addEventListener('abort', () => {
        this.aborted.set(id, performance.now());
        reject(cancellationSignal.reason);
      });
    });
  }
}

@Workflow()
@Injectable()
class CancellableStepWorkflow {
  constructor(private readonly recorder: AbortRecorder) {}

  @Step({ retry: { attempts: 1 } })
  run(input: { id: string }): Promise<never> {
    return this.recorder.waitForCancellation(input.id);
  }
}

@Workflow()
@Injectable()
class CancellableLoopWorkflow {
  constructor(private readonly recorder: AbortRecorder) {}

  @ParallelLoop({ over: { input: 'items' }, concurrency: 2 })
  run(item: string): Promise<never> {
    return this.recorder.waitForCancellation(item);
  }
}

describe('cancellation reaches running activities (real Temporal)', () => {
  let stack: TestStack;
  let worker: WorkerApp;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [AbortRecorder, CancellableStepWorkflow, CancellableLoopWorkflow]);
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  /** Polls `condition`; a safety cap far above the bound turns a cancellation that never arrives into a failure. */
  async function until(condition: () => boolean): Promise<void> {
    for (let poll = 0; poll < 6_000 && !condition(); poll++) {
      await sleep(10);
    }
    assert.ok(condition(), 'the awaited moment came');
  }

  // Before the first heartbeat, right after one, and once heartbeats run at their steady pace.
  const cancelAfterMs = [200, 1_300, 3_100];

  it(`aborts a running step and running loop items within ${CANCEL_BOUND_MS} ms of the cancel request, whenever it comes`, async () => {
    const recorder = worker.get(AbortRecorder);
    const latencies = await Promise.all(
      cancelAfterMs
        .flatMap((delay) => [
          { workflow: CancellableStepWorkflow, input: { id: `step-${delay}` }, ids: [`step-${delay}`] },
          {
            workflow: CancellableLoopWorkflow,
            input: { items: [`item-${delay}-a`, `item-${delay}-b`] },
            ids: [`item-${delay}-a`, `item-${delay}-b`],
          },
        ])
        .map(async ({ workflow, input, ids }) => {
          const delay = cancelAfterMs.find((ms) => ids[0].includes(`-${ms}`))!;
          const handle = await worker.client.start(workflow, input);
          await until(() => ids.every((id) => recorder.started.has(id)));
          await sleep(delay - (performance.now() - Math.max(...ids.map((id) => recorder.started.get(id)!))));
          const requestedAt = performance.now();
          await worker.client.cancel(handle.workflowId);
          await until(() => ids.every((id) => recorder.aborted.has(id)));
          await assert.rejects(
            handle.result(),
            (error: unknown) => error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure,
          );
          return ids.map((id) => ({ id, ms: recorder.aborted.get(id)! - requestedAt }));
        }),
    );
    const all = latencies.flat();
    console.log(`cancel → abort: ${all.map(({ id, ms }) => `${id} ${Math.round(ms)} ms`).join(', ')}`);
    for (const { id, ms } of all) {
      assert.ok(ms < CANCEL_BOUND_MS, `${id} saw the cancellation ${Math.round(ms)} ms after the request`);
    }
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.equal(await worker.assertReplays(), 2 * cancelAfterMs.length);
  });
});

import type { Provider } from '@nestjs/common';
import { Worker } from '@temporalio/worker';
import assert from 'node:assert/strict';
import { BatonWorkerService } from '@baton/orchestration';
import type { TestStack } from './test-stack';
import { startWorkerApp, type WorkerApp } from './worker-app';

/**
 * Replays every workflow history on the app's task queue with the bundle its workers ran, failing on any
 * determinism error. Returns how many histories were replayed.
 */
export async function assertHistoriesReplay(worker: WorkerApp): Promise<number> {
  const bundle = worker.app.get(BatonWorkerService).workflowBundle();
  assert.ok(bundle, 'the worker has compiled a workflow bundle');
  const temporal = await worker.client.temporal();
  const histories = temporal.workflow.list({ query: `TaskQueue = "${worker.taskQueue}"` }).intoHistories();
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code: bundle.code } }, histories)) {
    assert.equal(result.error, undefined, `history of ${result.workflowId} replays: ${String(result.error)}`);
    replayed++;
  }
  return replayed;
}

/**
 * For suites whose workers ran in other processes: compiles the same workflows in this process, on the same task
 * queue, and replays its histories. Call it once every execution on the queue has closed.
 */
export async function assertTaskQueueReplays(stack: TestStack, providers: Provider[], taskQueue: string): Promise<number> {
  const worker = await startWorkerApp(stack, providers, taskQueue);
  try {
    return await assertHistoriesReplay(worker);
  } finally {
    await worker.close();
  }
}

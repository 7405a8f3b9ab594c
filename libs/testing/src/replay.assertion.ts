import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import assert from 'node:assert/strict';

/**
 * Replays every workflow history on `taskQueue` (closed or still running) with `workflowBundle`, failing on the
 * first determinism error with the workflow id. Returns how many histories were replayed.
 */
export async function assertTaskQueueReplays(client: Client, taskQueue: string, workflowBundle: { code: string }): Promise<number> {
  const histories = client.workflow.list({ query: `TaskQueue = "${taskQueue}"` }).intoHistories();
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    assert.equal(
      result.error,
      undefined,
      `the history of ${result.workflowId} on task queue "${taskQueue}" replays: ${String(result.error)}`,
    );
    replayed++;
  }
  return replayed;
}

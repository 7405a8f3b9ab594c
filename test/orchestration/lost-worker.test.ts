import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoopResult } from '@baton/orchestration';
import {
  LOST_WORKER_HEARTBEAT_TIMEOUT_MS,
  LOST_WORKER_LOOP_WORKFLOW,
  LostWorkerLoopWorkflow,
  type LostWorkerItemRun,
  type LostWorkerLogLine,
} from '../support/lost-worker.workflow';
import { assertTaskQueueReplays } from '../support/worker-app';
import { useTestStack, type TestStack } from '../support/test-stack';
import { withDatabase } from '../support/with-database';
import { WorkerProcesses } from '../support/worker-process';

const ITEMS = 48;

/**
 * Most time a worker's death may add to a loop: the heartbeat timeout of its lost items, then the workflow task
 * that was with the dead worker (one it had not taken yet moves on after the sticky timeout, 3 s; one it was
 * running, after the workflow task timeout, 10 s by default), plus slack for a loaded machine.
 */
const RECOVERY_BOUND_MS = LOST_WORKER_HEARTBEAT_TIMEOUT_MS + 10_000 + 4_000;

describe('a worker lost mid-loop (SIGKILL; real Temporal, workers in child processes)', () => {
  let stack: TestStack;
  let connection: Connection;
  let client: Client;
  let processes: WorkerProcesses;
  /** The worker the first test leaves running. */
  let survivor: ChildProcess | undefined;

  beforeAll(async () => {
    stack = await useTestStack();
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection, namespace: stack.namespace });
    processes = new WorkerProcesses(stack, `lost-${randomUUID()}`, join(mkdtempSync(join(tmpdir(), 'baton-lost-')), 'items.log'));
  });

  afterAll(async () => {
    await processes?.killAll();
    await connection?.close();
    await stack?.stop();
  });

  /** A loop over `ITEMS` numbers from `first`, so that each run's items are told apart in the shared log. */
  function startLoop(first: number): { handle: Promise<WorkflowHandle>; items: number[]; startedAt: number } {
    const items = Array.from({ length: ITEMS }, (_, index) => first + index);
    const startedAt = performance.now();
    const handle = client.workflow.start(LOST_WORKER_LOOP_WORKFLOW, {
      taskQueue: processes.taskQueue,
      workflowId: `lost-${randomUUID()}`,
      args: [items],
    });
    return { handle, items, startedAt };
  }

  /** Waits until `worker` has finished some items of the loop and is running others: the moment to kill it. */
  async function busyWith(items: number[], worker: ChildProcess): Promise<void> {
    const wanted = new Set(items);
    for (;;) {
      const lines = processes.logged<LostWorkerLogLine>().filter((line) => wanted.has(line.item) && line.pid === worker.pid);
      const finished = new Set(lines.filter((line) => line.event === 'finished').map((line) => line.item));
      if (finished.size >= 2 && lines.some((line) => line.event === 'started' && !finished.has(line.item))) {
        return;
      }
      await sleep(20);
    }
  }

  async function assertEveryItemOnce(handle: WorkflowHandle, items: number[]): Promise<LoopResult<LostWorkerItemRun>> {
    const result = (await handle.result()) as LoopResult<LostWorkerItemRun>;
    assert.equal(
      result.failed,
      0,
      `no item failed: ${result.items
        .filter((item) => item.status === 'failed')
        .map((item) => item.error)
        .join('; ')}`,
    );
    assert.equal(result.succeeded, ITEMS);
    assert.deepEqual(
      result.items.map((item) => item.result!.item),
      items,
      'every item exactly once, in order',
    );
    for (const item of result.items) {
      assert.equal(item.attempts, item.result!.attempt, `item ${item.key} reports the attempt that succeeded as its attempt count`);
    }
    const { rows } = await withDatabase(stack.databaseUrl, (database) =>
      database.query<{ rows: number; distinct: number; succeeded: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT item_index)::int AS distinct,
                  count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
           FROM execution_items WHERE execution_id = $1`,
        [handle.workflowId],
      ),
    );
    assert.deepEqual(rows[0], { rows: ITEMS, distinct: ITEMS, succeeded: ITEMS }, 'one succeeded row per item');
    return result;
  }

  const killedWorkerTest =
    'retries the items of a killed worker on the other one, although each item has one attempt: none fails, and the loop ends within ' +
    'the heartbeat and workflow task timeouts of its normal time';
  it(killedWorkerTest, async () => {
    const first = await processes.start();
    const second = await processes.start();

    const normal = startLoop(0);
    await assertEveryItemOnce(await normal.handle, normal.items);
    const normalMs = performance.now() - normal.startedAt;

    const run = startLoop(1_000);
    const handle = await run.handle;
    await busyWith(run.items, first);
    await processes.kill(first);
    const result = await assertEveryItemOnce(handle, run.items);
    const killedMs = performance.now() - run.startedAt;

    const lost = result.items.filter((item) => item.attempts > 1);
    assert.ok(lost.length > 0, 'some items were lost with the killed worker');
    for (const item of lost) {
      assert.equal(item.attempts, 2, `item ${item.key}: one attempt lost, one that succeeded`);
      assert.equal(item.result!.pid, second.pid, `item ${item.key} succeeded on the surviving worker`);
    }
    survivor = second;
    console.log(
      `loop of ${ITEMS}: ${Math.round(normalMs)} ms normally, ${Math.round(killedMs)} ms with a worker killed; ${lost.length} items ` +
        `lost and retried`,
    );
    assert.ok(
      killedMs - normalMs < RECOVERY_BOUND_MS,
      `the kill cost ${Math.round(killedMs - normalMs)} ms, under ${RECOVERY_BOUND_MS} ms`,
    );
  });

  it('retries them on a fresh worker when the only one was killed and another starts later', async () => {
    const lone = survivor!;
    const run = startLoop(2_000);
    const handle = await run.handle;
    await busyWith(run.items, lone);
    await processes.kill(lone);
    const fresh = await processes.start();
    const result = await assertEveryItemOnce(handle, run.items);
    const lost = result.items.filter((item) => item.attempts > 1);
    assert.ok(lost.length > 0, 'some items were lost with the killed worker');
    assert.ok(
      lost.every((item) => item.result!.pid === fresh.pid),
      'the fresh worker ran the lost items again',
    );
  });

  it('replays every history of this suite without a determinism error', async () => {
    await processes.killAll();
    assert.ok((await assertTaskQueueReplays(stack, [LostWorkerLoopWorkflow], processes.taskQueue)) >= 3);
  });
});

import { Client, Connection } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoopResult } from '@baton/orchestration';
import { DURABLE_LOOP_WORKFLOW, DurableLoopWorkflow } from '../support/durable-loop.workflow';
import { assertTaskQueueReplays } from '../support/worker-app';
import { useTestStack, type TestStack } from '../support/test-stack';
import { withDatabase } from '../support/with-database';
import { WorkerProcesses } from '../support/worker-process';

describe('durable resume after a worker is killed (real Temporal, worker in a child process)', () => {
  let stack: TestStack;
  let connection: Connection;
  let processes: WorkerProcesses;

  const loggedItems = () => processes.logged<{ item: number; pid: number }>();

  beforeAll(async () => {
    stack = await useTestStack();
    connection = await Connection.connect({ address: stack.temporalAddress });
    processes = new WorkerProcesses(stack, `durable-${randomUUID()}`, join(mkdtempSync(join(tmpdir(), 'baton-durable-')), 'items.log'));
  });

  afterAll(async () => {
    await processes?.killAll();
    await connection?.close();
    await stack?.stop();
  });

  it('finishes the loop on a new worker after SIGKILL, every item exactly once in the result', async () => {
    const first = await processes.start();
    const client = new Client({ connection, namespace: stack.namespace });
    const items = Array.from({ length: 40 }, (_, index) => index);
    const handle = await client.workflow.start(DURABLE_LOOP_WORKFLOW, {
      taskQueue: processes.taskQueue,
      workflowId: `durable-${randomUUID()}`,
      args: [items],
    });

    while (loggedItems().length < 8) {
      await sleep(50);
    }
    await processes.kill(first);
    const doneByFirst = loggedItems().length;
    assert.ok(doneByFirst < 40, 'the first worker died mid-loop');

    const second = await processes.start();
    const result = (await handle.result()) as LoopResult<{ item: number; pid: number }>;
    assert.equal(result.total, 40);
    assert.equal(result.succeeded, 40);
    assert.deepEqual(
      result.items.map((item) => item.result!.item),
      items,
      'every item exactly once, in order',
    );
    assert.ok(
      result.items.some((item) => item.result!.pid === second.pid),
      'the new worker finished the remaining items',
    );
    assert.ok(
      result.items.some((item) => item.result!.pid === first.pid),
      'results of the killed worker were kept',
    );

    // The recorded items are complete and unique too: one row per item, whichever worker ran it.
    const { rows } = await withDatabase(stack.databaseUrl, (database) =>
      database.query<{ rows: number; distinct: number; succeeded: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT item_index)::int AS distinct,
                  count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
           FROM execution_items WHERE execution_id = $1`,
        [handle.workflowId],
      ),
    );
    assert.deepEqual(rows[0], { rows: 40, distinct: 40, succeeded: 40 });
  });

  it('replays every history of this suite without a determinism error', async () => {
    await processes.killAll();
    assert.ok((await assertTaskQueueReplays(stack, [DurableLoopWorkflow], processes.taskQueue)) >= 1);
  });
});

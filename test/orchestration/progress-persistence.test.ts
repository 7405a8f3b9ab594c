import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ParallelLoop, Workflow, type LoopContext } from '@baton/orchestration';
import { ExecutionReconciler } from '@baton/orchestration/persistence';
import { PROGRESS_CHANNEL } from '@baton/orchestration/protocol';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

interface Row {
  status: string;
  attempts: number;
}

@Workflow()
@Injectable()
class HundredItems {
  @ParallelLoop({
    over: { input: 'items' },
    concurrency: 10,
    onItemError: 'continue',
    retry: { attempts: 2, backoff: { initialInterval: '50ms' } },
  })
  async process(item: number, context: LoopContext): Promise<number> {
    await sleep(20);
    if (item % 25 === 7 && context.attempt === 1) {
      throw new Error(`item ${item} hiccups on its first attempt`);
    }
    if (item % 50 === 13) {
      throw new Error(`item ${item} is broken`);
    }
    return item * 2;
  }
}

@Workflow()
@Injectable()
class SlowLoop {
  @ParallelLoop({ over: { input: true }, concurrency: 2 })
  async process(item: number): Promise<number> {
    await sleep(300);
    return item;
  }
}

describe('progress and items recorded in PostgreSQL (real Temporal, real PostgreSQL)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  let database: pg.Client;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [HundredItems, SlowLoop]);
    database = new pg.Client({ connectionString: stack.databaseUrl });
    await database.connect();
  });

  afterAll(async () => {
    await database?.end();
    await worker?.close();
    await stack?.stop();
  });

  it('a 100-item loop makes at most 12 progress writes and leaves exactly 100 item rows, notified as it goes', async () => {
    const listener = new pg.Client({ connectionString: stack.databaseUrl });
    await listener.connect();
    const notifications: Array<{ id: string; completed: number; status: string }> = [];
    listener.on('notification', (message) => notifications.push(JSON.parse(message.payload!)));
    await listener.query(`LISTEN ${PROGRESS_CHANNEL}`);
    try {
      const items = Array.from({ length: 100 }, (_, index) => index);
      const handle = await worker.client.start(HundredItems, { items });
      await handle.result();

      // Every progress write carries the next sequence number; retries of one write reuse it.
      const execution = await database.query(
        'SELECT status, total, completed, succeeded, failed, last_sequence FROM executions WHERE workflow_id = $1',
        [handle.workflowId],
      );
      const { last_sequence: writes, ...counters } = execution.rows[0];
      assert.ok(writes <= 12, `${writes} progress writes`);
      assert.deepEqual(counters, { status: 'completed', total: 100, completed: 100, succeeded: 98, failed: 2 });
      const rows = await database.query<Row & { item_index: number }>(
        'SELECT item_index, status, attempts FROM execution_items WHERE execution_id = $1 ORDER BY item_index',
        [handle.workflowId],
      );
      assert.equal(rows.rowCount, 100);
      assert.deepEqual(
        rows.rows.map((row) => row.item_index),
        items,
      );
      for (const row of rows.rows) {
        const expected =
          row.item_index % 50 === 13
            ? { status: 'failed', attempts: 2 }
            : { status: 'succeeded', attempts: row.item_index % 25 === 7 ? 2 : 1 };
        assert.deepEqual({ status: row.status, attempts: row.attempts }, expected, `item ${row.item_index}`);
      }

      await sleep(200);
      const mine = notifications.filter((notification) => notification.id === handle.workflowId);
      assert.ok(mine.length >= 2);
      assert.deepEqual(
        mine.map((notification) => notification.completed),
        [...mine.map((notification) => notification.completed)].sort((a, b) => a - b),
        'progress only grows',
      );
      assert.equal(mine.at(-1)!.status, 'completed');
      assert.equal(mine.at(-1)!.completed, 100);
    } finally {
      await listener.end();
    }
  });

  it('reconciles a terminated execution from Temporal, although its workflow never recorded the end', async () => {
    const handle = await worker.client.start(
      SlowLoop,
      Array.from({ length: 20 }, (_, index) => index),
    );
    for (let wait = 0; wait < 100; wait++) {
      const { rows } = await database.query('SELECT status FROM executions WHERE workflow_id = $1', [handle.workflowId]);
      if (rows[0]?.status === 'running') break;
      await sleep(50);
    }
    await handle.terminate('operator stopped it');
    const reconciler = worker.get(ExecutionReconciler);
    await reconciler.reconcile(await worker.client.temporal());
    const { rows } = await database.query('SELECT status, closed_at FROM executions WHERE workflow_id = $1', [handle.workflowId]);
    assert.equal(rows[0].status, 'terminated');
    assert.ok(rows[0].closed_at instanceof Date);
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 2);
  });
});

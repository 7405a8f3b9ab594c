import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow, type LoopResult } from '@baton/orchestration';
import { useTestStack, type TestStack } from '../support/test-stack';
import { withDatabase } from '../support/with-database';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

const EXECUTIONS = 50;
const ITEMS = 100;
/**
 * Items used to stall for their 10-minute start-to-close timeout when a task was lost under this load. A lost
 * attempt now times out after the 30 s heartbeat timeout, so no item comes near 10 minutes. How long items queue on
 * a saturated server is another matter: 33–47 s at most on a 2-core machine with a load of about 5, but over 60 s
 * when other work loads it more (the wait is in the task queue, before any attempt starts), so the bound is half
 * of the old stall rather than the 60 s the issue hoped for.
 */
const LONGEST_ITEM_MS = 5 * 60_000;

@Workflow()
@Injectable()
class LoadedLoopWorkflow {
  /** Defaults on purpose: one attempt per item, the default heartbeat timeout. */
  @ParallelLoop({ over: { input: true }, concurrency: 10 })
  async process(item: number): Promise<number> {
    await sleep(20 + (item % 4) * 10);
    return item;
  }
}

describe(`${EXECUTIONS} concurrent executions × ${ITEMS} items on one worker (real Temporal, real PostgreSQL)`, () => {
  let stack: TestStack;
  let worker: WorkerApp;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [LoadedLoopWorkflow]);
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  const everyItemOnceTest =
    `runs every item once and successfully, none near the 10-minute stall (under ${LONGEST_ITEM_MS / 60_000} minutes), with one row ` +
    `per item`;
  it(everyItemOnceTest, async () => {
    const items = Array.from({ length: ITEMS }, (_, index) => index);
    const startedAt = performance.now();
    const handles = await Promise.all(
      Array.from({ length: EXECUTIONS }, () => worker.client.start<LoopResult<number>>(LoadedLoopWorkflow, items)),
    );
    const results = await Promise.all(handles.map((handle) => handle.result()));
    const elapsedMs = performance.now() - startedAt;

    const all = results.flatMap((result) => result.items);
    assert.equal(all.length, EXECUTIONS * ITEMS);
    assert.deepEqual(
      all.filter((item) => item.status !== 'succeeded').map((item) => `${item.key}: ${item.status} ${item.error}`),
      [],
      'every item succeeded',
    );
    for (const result of results) {
      assert.deepEqual(
        result.items.map((item) => item.result),
        items,
        'every item once, with its own result',
      );
    }
    const longest = Math.max(...all.map((item) => item.durationMs));
    const retried = all.filter((item) => item.attempts > 1).length;
    console.log(
      `${EXECUTIONS} × ${ITEMS} items in ${Math.round(elapsedMs)} ms; longest item ${longest} ms; ${retried} items needed a second attempt`,
    );
    assert.ok(longest < LONGEST_ITEM_MS, `the longest item took ${longest} ms`);

    const { rows } = await withDatabase(stack.databaseUrl, (database) =>
      database.query<{ execution_id: string; status: string; rows: number; distinct: number; succeeded: number }>(
        `SELECT e.workflow_id AS execution_id, e.status, count(i.item_index)::int AS rows, count(DISTINCT i.item_index)::int AS distinct,
                count(*) FILTER (WHERE i.status = 'succeeded')::int AS succeeded
           FROM executions e LEFT JOIN execution_items i ON i.execution_id = e.workflow_id
          WHERE e.workflow_id = ANY($1) GROUP BY e.workflow_id, e.status`,
        [handles.map((handle) => handle.workflowId)],
      ),
    );
    assert.equal(rows.length, EXECUTIONS, 'every execution is recorded');
    for (const row of rows) {
      assert.deepEqual(row, { execution_id: row.execution_id, status: 'completed', rows: ITEMS, distinct: ITEMS, succeeded: ITEMS });
    }
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.equal(await worker.assertReplays(), EXECUTIONS);
  });
});

import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import pg from 'pg';
import { ParallelLoop, Workflow, type LoopResult } from '@baton/orchestration';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

/** Temporal warns past this many events in one run's history. */
const HISTORY_WARNING = 10_240;

@Workflow()
@Injectable()
class TenThousandItems {
  @ParallelLoop({ over: { input: true }, concurrency: 50, onItemError: 'continue' })
  async square(item: number): Promise<number> {
    return item * item;
  }
}

describe('a 10,000-item loop across continue-as-new runs (real Temporal, real PostgreSQL)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  let database: pg.Client;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [TenThousandItems]);
    database = new pg.Client({ connectionString: stack.databaseUrl });
    await database.connect();
  });

  afterAll(async () => {
    await database?.end();
    await worker?.close();
    await stack?.stop();
  });

  it('completes with every run under the history warning and every item row in PostgreSQL', async () => {
    const items = Array.from({ length: 10_000 }, (_, index) => index);
    const handle = await worker.client.start<LoopResult<number>>(TenThousandItems, items);
    const result = await handle.result();
    assert.deepEqual(
      {
        total: result.total,
        succeeded: result.succeeded,
        failed: result.failed,
        items: result.items.length,
        itemsOmitted: result.itemsOmitted,
      },
      { total: 10_000, succeeded: 10_000, failed: 0, items: 0, itemsOmitted: true },
    );

    const { rows: executions } = await database.query<{ run_ids: string[]; status: string; completed: number }>(
      'SELECT run_ids, status, completed FROM executions WHERE workflow_id = $1',
      [handle.workflowId],
    );
    assert.equal(executions[0].status, 'completed');
    assert.equal(executions[0].completed, 10_000);
    const runs = executions[0].run_ids;
    assert.ok(runs.length >= 3, `${runs.length} runs`);
    const temporal = await worker.client.temporal();
    for (const runId of runs) {
      const { events } = await temporal.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      assert.ok(events!.length < HISTORY_WARNING, `run ${runId} has ${events!.length} events`);
    }

    const { rows } = await database.query<{ rows: number; distinct: number; succeeded: number; squares: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT item_index)::int AS distinct,
              count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE output_preview = (item_index * item_index)::text)::int AS squares
         FROM execution_items WHERE execution_id = $1`,
      [handle.workflowId],
    );
    assert.deepEqual(rows[0], { rows: 10_000, distinct: 10_000, succeeded: 10_000, squares: 10_000 });
  });

  it('replays every run of this suite without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 3);
  });
});

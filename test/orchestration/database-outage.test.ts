import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow, type LoopResult } from '@baton/orchestration';
import { loadInfrastructureConfig } from '@baton/orchestration';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@baton/dev-stack';
import { findFreePort } from '@baton/orchestration/process';
import { useTestStack, type TestStack } from '../support/test-stack';
import { withDatabase } from '../support/with-database';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

const OUTAGE_MS = 10_000;

@Workflow()
@Injectable()
class OutageLoop {
  @ParallelLoop({ over: { input: true }, concurrency: 4 })
  async process(item: number): Promise<number> {
    await sleep(400);
    return item;
  }
}

describe('PostgreSQL unreachable for 10 seconds mid-run (real Temporal, real PostgreSQL stopped and restarted)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  let postgres: EmbeddedPostgres;
  let startPostgres: () => Promise<EmbeddedPostgres>;

  beforeAll(async () => {
    stack = await useTestStack();
    // A database of its own, so that stopping it disturbs no other test.
    const home = mkdtempSync(join(tmpdir(), 'baton-outage-'));
    const port = await findFreePort();
    const config = loadInfrastructureConfig({ BATON_HOME: home, BATON_POSTGRES_PORT: String(port) });
    startPostgres = () => startEmbeddedPostgres(config);
    postgres = await startPostgres();
    worker = await startWorkerApp({ ...stack, databaseUrl: postgres.url }, [OutageLoop]);
  });

  afterAll(async () => {
    await worker?.close();
    await postgres?.stop();
    await stack?.stop();
  });

  const rowsOf = (workflowId: string): Promise<{ rows: number; distinct: number; status: string }> =>
    withDatabase(postgres.url, async (client) => {
      const items = await client.query<{ rows: number; distinct: number }>(
        'SELECT count(*)::int AS rows, count(DISTINCT item_index)::int AS distinct FROM execution_items WHERE execution_id = $1',
        [workflowId],
      );
      const execution = await client.query<{ status: string }>('SELECT status FROM executions WHERE workflow_id = $1', [workflowId]);
      return { ...items.rows[0], status: execution.rows[0]?.status };
    });

  it('keeps the workflow running while the database is down, and lands every row once it is back', async () => {
    const items = Array.from({ length: 120 }, (_, index) => index);
    const handle = await worker.client.start<LoopResult<number>>(OutageLoop, items);
    while ((await worker.client.progress(handle.workflowId)).completed < 12) {
      await sleep(100);
    }
    await postgres.stop();
    const completedAtStop = (await worker.client.progress(handle.workflowId)).completed;
    await sleep(OUTAGE_MS);
    const completedAtRestart = (await worker.client.progress(handle.workflowId)).completed;
    assert.ok(completedAtRestart > completedAtStop + 20, `the loop went on during the outage: ${completedAtStop} → ${completedAtRestart}`);
    postgres = await startPostgres();

    const result = await handle.result();
    assert.equal(result.succeeded, 120);
    for (let wait = 0; wait < 100; wait++) {
      const rows = await rowsOf(handle.workflowId);
      if (rows.rows === 120 && rows.status === 'completed') break;
      await sleep(200);
    }
    assert.deepEqual(await rowsOf(handle.workflowId), { rows: 120, distinct: 120, status: 'completed' });
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.equal(await worker.assertReplays(), 1);
  });
});

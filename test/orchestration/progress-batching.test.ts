import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ParallelLoop, Workflow } from '@baton/orchestration';
import { PROGRESS_SINK_ACTIVITY, type ProgressBatch } from '@baton/orchestration/protocol';
import { BatonTest, type BatonTestingModule } from '@baton/testing';
import { useTestStack, type TestStack } from '../support/test-stack';

@Workflow()
@Injectable()
class TenQuickItems {
  @ParallelLoop({ over: { input: true }, concurrency: 2 })
  async process(item: number): Promise<number> {
    await sleep(20);
    return item;
  }
}

const ITEMS = Array.from({ length: 10 }, (_, index) => index);

/** One item at a time for at least 1.5 s: long enough for a batch cut by time between the first and the last. */
@Workflow()
@Injectable()
class ThirtyItemsInTurn {
  @ParallelLoop({ over: { input: true }, concurrency: 1 })
  async process(item: number): Promise<number> {
    await sleep(50);
    return item;
  }
}

describe('progress batching by count and by time (real Temporal, real PostgreSQL)', () => {
  let stack: TestStack;
  let database: pg.Client;
  const workers: BatonTestingModule[] = [];

  /** A worker recording progress with the given batching; each on a task queue of its own. */
  const startWorker = async (progress?: { batchSize: number; minIntervalMs: number; intervalMs: number }) => {
    const worker = await BatonTest.createTestingModule(
      { providers: [TenQuickItems, ThirtyItemsInTurn] },
      {
        temporal: { address: stack.temporalAddress, namespace: stack.namespace },
        persistence: { databaseUrl: stack.databaseUrl, ...(progress === undefined ? {} : { progress }) },
      },
    ).compile();
    workers.push(worker);
    return worker;
  };

  /** Runs the loop and reads what PostgreSQL holds of it: the progress writes and the item rows. */
  const record = async (worker: BatonTestingModule) => {
    const handle = await worker.client.start(TenQuickItems, ITEMS);
    await handle.result();
    const execution = await database.query('SELECT status, completed, last_sequence FROM executions WHERE workflow_id = $1', [
      handle.workflowId,
    ]);
    const items = await database.query('SELECT item_index FROM execution_items WHERE execution_id = $1 ORDER BY item_index', [
      handle.workflowId,
    ]);
    return { ...execution.rows[0], items: items.rows.map((row: { item_index: number }) => row.item_index) };
  };

  beforeAll(async () => {
    stack = await useTestStack();
    database = new pg.Client({ connectionString: stack.databaseUrl });
    await database.connect();
  });

  afterAll(async () => {
    await database?.end();
    for (const worker of workers) await worker.close();
    await stack?.stop();
  });

  it('sends a batch per batchSize items when no minimum interval holds it back', async () => {
    const recorded = await record(await startWorker({ batchSize: 1, minIntervalMs: 0, intervalMs: 60_000 }));
    // The start, one batch per item, the end.
    assert.deepEqual(recorded, { status: 'completed', completed: 10, last_sequence: 12, items: ITEMS });
  });

  it('holds fast items back until the minimum interval has passed, however many are pending', async () => {
    const recorded = await record(await startWorker({ batchSize: 1, minIntervalMs: 600_000, intervalMs: 600_000 }));
    // The start, then every item with the end: none of the ten batches of one item was due yet.
    assert.deepEqual(recorded, { status: 'completed', completed: 10, last_sequence: 2, items: ITEMS });
  });

  it('cuts batches of fast items at most twice a second by default', async () => {
    const worker = await startWorker();
    const handle = await worker.client.start(
      ThirtyItemsInTurn,
      Array.from({ length: 30 }, (_, index) => index),
    );
    await handle.result();
    const { events } = await handle.fetchHistory();
    const batches = (events ?? [])
      .filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === PROGRESS_SINK_ACTIVITY)
      .map(
        (event) =>
          JSON.parse(Buffer.from(event.activityTaskScheduledEventAttributes!.input!.payloads![0].data!).toString()) as ProgressBatch,
      );
    const cutByItems = batches.slice(1, -1);
    assert.ok(cutByItems.length >= 1, `expected a batch between the first and the last, got ${batches.length} batches`);
    for (const [index, batch] of cutByItems.entries()) {
      const sinceBefore = Date.parse(batch.sentAt) - Date.parse(batches[index].sentAt);
      assert.ok(sinceBefore >= 500, `batch ${batch.sequence} was cut ${sinceBefore} ms after the one before`);
    }
  });

  it('replays every history of this suite without a determinism error', async () => {
    for (const worker of workers) assert.ok((await worker.assertReplays()) >= 1);
  });
});

import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Notification } from 'pg';
import { ExecutionNotRecordedError, ProgressSinkService } from '../../src/persistence';
import { PROGRESS_CHANNEL, type ProgressBatch, type ProgressNotification } from '../../src/protocol';
import type { WorkflowDefinition } from '../../src/definition/workflow-definition';
import { executionFields, simulateLoop, T0 } from './progress-batches';
import { createTestDatabase, type TestDatabase } from './test-database';
import { waitFor } from '../../../../test/support/wait-for';

let db: TestDatabase;
let sink: ProgressSinkService;

beforeAll(async () => {
  db = await createTestDatabase('progress-sink');
  sink = new ProgressSinkService(db.dataSource);
});

afterAll(async () => {
  await db?.drop();
});

async function rows<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
  return db.dataSource.query(sql, parameters);
}

async function execution(workflowId: string) {
  const [row] = await rows<Record<string, unknown>>(
    `SELECT status, total, completed, succeeded, failed, blocked, skipped, running, concurrency, last_sequence,
            rate_per_second, eta_seconds, elapsed_ms::int, run_ids, first_run_id, input, result, error, closed_at, loops, xmin::text
     FROM executions WHERE workflow_id = $1`,
    [workflowId],
  );
  return row;
}

describe('ProgressSinkService.record', () => {
  it('writes a 100-item stream in batches of 10 with one statement per batch', async () => {
    const { batches } = simulateLoop({
      workflowId: 'stream-100',
      total: 100,
      concurrency: 4,
      statusOf: (index) => (index % 10 === 3 ? 'failed' : 'succeeded'),
      attemptsOf: (index) => (index % 10 === 3 ? 3 : 1 + (index % 2)),
    });
    assert.equal(batches.length, 10);
    db.queries.reset();
    for (const batch of batches) await sink.record(batch);
    const statements = db.queries.count;
    console.log(`100 items in ${batches.length} batches of 10: ${statements} statements`);
    assert.ok(statements <= 12, `expected at most 12 statements (12 batches x 1), got ${statements}`);

    const items = await rows<{ item_index: number; status: string; attempts: number; output_preview: string | null; error: string | null }>(
      `SELECT item_index, status, attempts, output_preview, error FROM execution_items WHERE execution_id = 'stream-100' ORDER BY ` +
        `item_index`,
    );
    assert.equal(items.length, 100);
    for (const item of items) {
      const failed = item.item_index % 10 === 3;
      assert.equal(item.status, failed ? 'failed' : 'succeeded');
      assert.equal(item.attempts, failed ? 3 : 1 + (item.item_index % 2));
      assert.equal(item.output_preview, failed ? null : JSON.stringify({ index: item.item_index, output: `done ${item.item_index}` }));
      assert.equal(item.error, failed ? `item ${item.item_index} failed` : null);
    }
    const row = await execution('stream-100');
    assert.equal(row.status, 'completed');
    assert.deepEqual([row.total, row.completed, row.succeeded, row.failed, row.running], [100, 100, 90, 10, 0]);
    assert.deepEqual(row.input, { items: 100 });
    assert.deepEqual(row.result, { processed: 100 });
    assert.equal(row.eta_seconds, 0);
    assert.ok(row.closed_at instanceof Date);
  });

  it('meets the budget of 120 statements per 1,000 items in batches of 10', async () => {
    const { batches } = simulateLoop({
      workflowId: 'stream-1000',
      total: 1000,
      concurrency: 8,
      durationMs: (index) => 200 + (index % 7) * 50,
    });
    db.queries.reset();
    for (const batch of batches) await sink.record(batch);
    console.log(`1,000 items in ${batches.length} batches: ${db.queries.count} statements`);
    assert.ok(db.queries.count <= 120, `got ${db.queries.count} statements`);
    const [{ count }] = await rows<{ count: number }>(
      `SELECT count(*)::int AS count FROM execution_items WHERE execution_id = 'stream-1000'`,
    );
    assert.equal(count, 1000);
  });

  it('changes nothing when a batch is recorded again, and never rolls counters back for an older one', async () => {
    const { batches } = simulateLoop({ workflowId: 'retried', total: 60, concurrency: 3 });
    for (const batch of batches.slice(0, 3)) await sink.record(batch);
    const afterThird = await execution('retried');
    const itemVersions = await rows(
      `SELECT item_index, xmin::text FROM execution_items WHERE execution_id = 'retried' ORDER BY item_index`,
    );

    await sink.record(batches[2]);
    assert.deepEqual(await execution('retried'), afterThird, 'the same batch twice leaves the execution row untouched');
    assert.deepEqual(
      await rows(`SELECT item_index, xmin::text FROM execution_items WHERE execution_id = 'retried' ORDER BY item_index`),
      itemVersions,
      'and rewrites no item row',
    );

    await sink.record(batches[4]);
    const afterFifth = await execution('retried');
    // Batch 4 arrives late, after batch 5: its items are written, its counters are not.
    await sink.record(batches[3]);
    const afterLate = await execution('retried');
    assert.deepEqual(afterLate, afterFifth);
    assert.equal(afterLate.last_sequence, 5);
    assert.equal(afterLate.completed, 50);
    const [{ count, distinct }] = await rows<{ count: number; distinct: number }>(
      `SELECT count(*)::int AS count, count(DISTINCT item_index)::int AS distinct FROM execution_items WHERE execution_id = 'retried'`,
    );
    assert.deepEqual({ count, distinct }, { count: 50, distinct: 50 });
  });

  it('ends with the same record when batches and their retries arrive at once, in any order', async () => {
    const { batches } = simulateLoop({ workflowId: 'concurrent', total: 80, concurrency: 4 });
    await Promise.all([...batches, ...batches.slice(2, 5)].reverse().map((batch) => sink.record(batch)));
    const row = await execution('concurrent');
    assert.deepEqual([row.status, row.last_sequence, row.completed, row.total], ['completed', batches.length, 80, 80]);
    const [{ count }] = await rows<{ count: number }>(
      `SELECT count(*)::int AS count FROM execution_items WHERE execution_id = 'concurrent'`,
    );
    assert.equal(count, 80);
  });

  it('keeps the latest counters of every loop, summing them, when a batch carries only the loops that changed', async () => {
    const base = (sequence: number, seconds: number) => executionFields('two-loops', sequence, T0, new Date(T0.getTime() + seconds * 1000));
    const loop = (step: string, total: number, completed: number, running: number, concurrency: number) => ({
      step,
      total,
      completed,
      succeeded: completed,
      failed: 0,
      blocked: 0,
      skipped: 0,
      running,
      runningKeys: [],
      concurrency,
      startedAt: T0.toISOString(),
      items: [],
    });
    await sink.record({ ...base(1, 1), loops: [loop('a', 10, 2, 2, 2), loop('b', 30, 5, 3, 3)] });
    await sink.record({ ...base(2, 2), loops: [loop('a', 10, 10, 0, 2)] });
    const row = await execution('two-loops');
    assert.deepEqual([row.total, row.completed, row.running], [40, 15, 3]);
    assert.equal(row.concurrency, 3, 'only loop b still has items to run');
    assert.deepEqual(Object.keys(row.loops as object).sort(), ['a', 'b']);
    assert.equal(row.elapsed_ms, 2000);
  });

  it('appends each run of a continue-as-new chain once', async () => {
    const first = executionFields('chain', 1, T0, new Date(T0.getTime() + 1000));
    await sink.record(first);
    await sink.record({ ...first, sequence: 2, runId: 'run-2' });
    await sink.record({ ...first, sequence: 3, runId: 'run-2' });
    await sink.record({ ...first, sequence: 4, runId: 'run-3' });
    const row = await execution('chain');
    assert.deepEqual(row.run_ids, ['run-1', 'run-2', 'run-3']);
    assert.equal(row.first_run_id, 'run-1');
  });

  it('estimates the time left within 10% once 20% of uniform items are done', async () => {
    const total = 300;
    const { batches, finishedAt } = simulateLoop({ workflowId: 'eta', total, concurrency: 3, durationMs: () => 2000 });
    let checked = 0;
    for (const batch of batches) {
      await sink.record(batch);
      const {
        completed,
        eta_seconds: eta,
        rate_per_second: rate,
      } = (await execution('eta')) as { completed: number; eta_seconds: number; rate_per_second: number };
      const truth = (finishedAt.getTime() - Date.parse(batch.sentAt)) / 1000;
      if (completed >= total * 0.2 && completed <= total * 0.8) {
        assert.ok(
          Math.abs(eta - truth) <= truth * 0.1,
          `at ${completed}/${total}: ETA ${eta.toFixed(1)} s, truth ${truth} s (rate ${rate.toFixed(3)}/s)`,
        );
        checked += 1;
      }
    }
    assert.ok(checked >= 10);
  });

  it('follows a change of pace', async () => {
    // 100 items at 1 per second, then 100 at 4 per second: after 70 fast ones, the rate is close to 4 per second.
    const { batches, finishedAt } = simulateLoop({
      workflowId: 'pace',
      total: 200,
      concurrency: 1,
      durationMs: (index) => (index < 100 ? 1000 : 250),
    });
    const upTo = batches.findIndex((batch) => batch.loops[0].completed >= 170);
    for (const batch of batches.slice(0, upTo + 1)) await sink.record(batch);
    const { rate_per_second: rate, eta_seconds: eta } = (await execution('pace')) as { rate_per_second: number; eta_seconds: number };
    const truth = (finishedAt.getTime() - Date.parse(batches[upTo].sentAt)) / 1000;
    assert.ok(rate > 3.5 && rate <= 4, `rate ${rate} after the pace went from 1/s to 4/s`);
    assert.ok(Math.abs(eta - truth) <= truth * 0.15, `ETA ${eta} s, truth ${truth} s`);
  });

  it('NOTIFYs baton_progress with a compact payload when an execution changes, and not for a repeated batch', async () => {
    const listener = await db.connect();
    const received: Notification[] = [];
    listener.on('notification', (message) => received.push(message));
    await listener.query(`LISTEN ${PROGRESS_CHANNEL}`);
    const { batches } = simulateLoop({ workflowId: 'notified', total: 30, concurrency: 2, durationMs: () => 500 });
    await sink.record(batches[0]);
    await sink.record(batches[0]);
    await sink.record(batches[1]);
    await waitFor(() => received.length >= 2);
    // A round trip on the listening connection flushes anything still on its way.
    await listener.query('SELECT 1');
    assert.equal(received.length, 2);
    const payloads = received.map((message) => JSON.parse(message.payload!) as ProgressNotification);
    assert.deepEqual(Object.keys(payloads[0]).sort(), [
      'blocked',
      'completed',
      'concurrency',
      'elapsedMs',
      'eta',
      'failed',
      'id',
      'paused',
      'rate',
      'running',
      'seq',
      'skipped',
      'status',
      'succeeded',
      'total',
      'type',
      'updatedAt',
    ]);
    assert.deepEqual(
      payloads.map(({ id, status, completed, total, failed, blocked, running }) => ({
        id,
        status,
        completed,
        total,
        failed,
        blocked,
        running,
      })),
      [
        { id: 'notified', status: 'running', completed: 10, total: 30, failed: 0, blocked: 0, running: 2 },
        { id: 'notified', status: 'running', completed: 20, total: 30, failed: 0, blocked: 0, running: 2 },
      ],
    );
    assert.ok(payloads[1].rate > 0 && payloads[1].eta !== null);
    assert.ok(received.every((message) => Buffer.byteLength(message.payload!) < 8000));
  });

  it('stores what the batch says about the item: timings, blocked-by and previews cut to 1 KB', async () => {
    const huge = { text: 'é'.repeat(2000) };
    const batch: ProgressBatch = {
      ...executionFields('previews', 1, T0, new Date(T0.getTime() + 5000)),
      loops: [
        {
          step: 'build',
          total: 2,
          completed: 2,
          succeeded: 1,
          failed: 0,
          blocked: 1,
          skipped: 0,
          running: 0,
          runningKeys: [],
          concurrency: 1,
          startedAt: T0.toISOString(),
          items: [
            {
              index: 0,
              key: 'core',
              status: 'succeeded',
              attempts: 2,
              durationMs: 4000,
              startedAt: T0.toISOString(),
              finishedAt: new Date(T0.getTime() + 4000).toISOString(),
              preview: '{"name":"core"}',
              result: huge,
            },
            {
              index: 1,
              key: 'app',
              status: 'blocked',
              attempts: 0,
              durationMs: 0,
              error: 'blocked by core',
              blockedBy: 'core',
              preview: '{"name":"app"}',
            },
          ],
        },
      ],
    };
    await sink.record(batch);
    const [core, app] = await rows<Record<string, unknown>>(
      `SELECT key, attempts, duration_ms::int, started_at, finished_at, blocked_by, item_preview, output_preview FROM execution_items ` +
        `WHERE execution_id = 'previews' ORDER BY item_index`,
    );
    assert.equal(Buffer.byteLength(core.output_preview as string), 1024);
    assert.ok((core.output_preview as string).endsWith('…'));
    assert.deepEqual((core.started_at as Date).toISOString(), T0.toISOString());
    assert.equal(core.duration_ms, 4000);
    assert.deepEqual([app.blocked_by, app.output_preview, app.started_at], ['core', null, null]);
  });
});

describe('ProgressSinkService.recordReport', () => {
  it('stores and replaces a build report', async () => {
    await sink.record(executionFields('reported', 1, T0, T0));
    await sink.recordReport('reported', { packages: 3, failed: [] });
    await sink.recordReport('reported', { packages: 3, failed: ['app'] });
    assert.deepEqual(await rows(`SELECT report FROM build_reports WHERE execution_id = 'reported'`), [
      { report: { packages: 3, failed: ['app'] } },
    ]);
  });

  it('names the fix when the execution was never recorded', async () => {
    await assert.rejects(sink.recordReport('never-seen', {}), (error: unknown) => {
      assert.ok(error instanceof ExecutionNotRecordedError);
      assert.match(error.message, /"never-seen".*no progress batch of it has been recorded/);
      return true;
    });
  });
});

describe('ProgressSinkService.recordDefinitions', () => {
  it('adds new versions and refreshes last_seen_at of known ones', async () => {
    const definition = (name: string, hash: string): WorkflowDefinition => ({
      name,
      className: `${name}Class`,
      taskQueue: 'q',
      internal: false,
      steps: [],
      hash,
    });
    await sink.recordDefinitions([definition('Import', 'h1'), definition('Export', 'h1'), definition('Import', 'h1')]);
    const [first] = await rows<{ first_seen_at: Date; last_seen_at: Date }>(
      `SELECT first_seen_at, last_seen_at FROM workflow_definitions WHERE name = 'Import'`,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sink.recordDefinitions([definition('Import', 'h1'), definition('Import', 'h2')]);
    const all = await rows<{ name: string; hash: string; ir: WorkflowDefinition; first_seen_at: Date; last_seen_at: Date }>(
      `SELECT name, hash, ir, first_seen_at, last_seen_at FROM workflow_definitions ORDER BY name, hash`,
    );
    assert.deepEqual(
      all.map(({ name, hash }) => `${name}@${hash}`),
      ['Export@h1', 'Import@h1', 'Import@h2'],
    );
    const import1 = all[1];
    assert.deepEqual(import1.first_seen_at, first.first_seen_at);
    assert.ok(import1.last_seen_at > first.last_seen_at);
    assert.equal(import1.ir.className, 'ImportClass');
  });
});

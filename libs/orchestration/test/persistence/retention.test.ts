import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ProgressSinkService, RetentionService } from '../../src/persistence';
import { simulateLoop } from './progress-batches';
import { createTestDatabase, type TestDatabase } from './test-database';
import { waitFor } from '../../../../test/support/wait-for';

let db: TestDatabase;
let sink: ProgressSinkService;

const NOW = new Date('2026-03-10T12:00:00.000Z');
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

beforeAll(async () => {
  db = await createTestDatabase('retention');
  sink = new ProgressSinkService(db.dataSource);
  // Closed 30 h, 25 h and 2 h before NOW, and one still running.
  for (const [id, hours] of [
    ['closed-30h', 30],
    ['closed-25h', 25],
    ['closed-2h', 2],
  ] as const) {
    const { batches } = simulateLoop({ workflowId: id, total: 15, concurrency: 2, startedAt: hoursBefore(hours + 1) });
    for (const batch of batches)
      await sink.record({ ...batch, ...(batch.closedAt === undefined ? {} : { closedAt: hoursBefore(hours).toISOString() }) });
    await sink.recordReport(id, { id });
  }
  const { batches } = simulateLoop({ workflowId: 'running', total: 15, concurrency: 2, startedAt: hoursBefore(40) });
  await sink.record(batches[0]);
});

afterAll(async () => {
  await db?.drop();
});

async function itemCounts(): Promise<Record<string, number>> {
  const rows: { workflow_id: string; items: number }[] = await db.dataSource.query(
    `SELECT e.workflow_id, count(i.item_index)::int AS items FROM executions e LEFT JOIN execution_items i ON i.execution_id = e.workflow_id
     GROUP BY e.workflow_id ORDER BY e.workflow_id`,
  );
  return Object.fromEntries(rows.map((row) => [row.workflow_id, row.items]));
}

function retention(itemsAfterHours?: number, intervalMs?: number): RetentionService {
  return new RetentionService(db.dataSource, { databaseUrl: db.url, retention: { itemsAfterHours, intervalMs } });
}

describe('RetentionService', () => {
  it('deletes only the item rows of executions closed before the cut-off, keeping executions and reports', async () => {
    assert.deepEqual(await itemCounts(), { 'closed-25h': 15, 'closed-2h': 15, 'closed-30h': 15, running: 10 });
    assert.equal(await retention().purge(NOW), 30);
    assert.deepEqual(await itemCounts(), { 'closed-25h': 0, 'closed-2h': 15, 'closed-30h': 0, running: 10 });
    const reports: unknown[] = await db.dataSource.query('SELECT execution_id FROM build_reports');
    assert.equal(reports.length, 3);
    const purged: { workflow_id: string }[] = await db.dataSource.query(
      'SELECT workflow_id FROM executions WHERE items_purged_at IS NOT NULL ORDER BY workflow_id',
    );
    assert.deepEqual(
      purged.map((row) => row.workflow_id),
      ['closed-25h', 'closed-30h'],
    );
    assert.equal(await retention().purge(NOW), 0, 'a second purge finds nothing left');
  });

  it('honours a configured period', async () => {
    assert.equal(await retention(1).purge(NOW), 15);
    assert.deepEqual(await itemCounts(), { 'closed-25h': 0, 'closed-2h': 0, 'closed-30h': 0, running: 10 });
  });

  it('purges at bootstrap, then on schedule, and stops on shutdown', async () => {
    const recordClosed = async (workflowId: string) => {
      const closedAt = new Date(Date.now() - 2 * 3_600_000);
      const { batches } = simulateLoop({ workflowId, total: 5, concurrency: 1, startedAt: new Date(closedAt.getTime() - 60_000) });
      for (const batch of batches)
        await sink.record({ ...batch, ...(batch.closedAt === undefined ? {} : { closedAt: closedAt.toISOString() }) });
    };
    await recordClosed('scheduled-1');
    const service = retention(1, 50);
    service.onApplicationBootstrap();
    try {
      await waitFor(async () => (await itemCounts())['scheduled-1'] === 0);
      await recordClosed('scheduled-2');
      await waitFor(async () => (await itemCounts())['scheduled-2'] === 0);
    } finally {
      await service.beforeApplicationShutdown();
    }
    await recordClosed('after-shutdown');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await itemCounts())['after-shutdown'], 5);
    assert.equal((await itemCounts()).running, 10);
  });
});

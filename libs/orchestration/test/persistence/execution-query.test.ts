import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ExecutionQueryService, InvalidPageRequestError, ProgressSinkService, type ExecutionSummary } from '../../src/persistence';
import type { ProgressBatch } from '../../src/protocol';
import { executionFields, simulateLoop, T0 } from './progress-batches';
import { createTestDatabase, type TestDatabase } from './test-database';

let db: TestDatabase;
let sink: ProgressSinkService;
let queries: ExecutionQueryService;

beforeAll(async () => {
  db = await createTestDatabase('execution-query');
  sink = new ProgressSinkService(db.dataSource);
  queries = new ExecutionQueryService(db.dataSource);
  // 45 executions, three per minute, so that pages must break ties on the workflow id; every third one failed.
  for (let index = 0; index < 45; index += 1) {
    const startedAt = new Date(T0.getTime() + Math.floor(index / 3) * 60_000);
    const batch: ProgressBatch = {
      ...executionFields(`exec-${String(index).padStart(2, '0')}`, 1, startedAt, startedAt),
      workflowType: index % 2 === 0 ? 'ImportWorkflow' : 'ExportWorkflow',
      input: { index },
      ...(index % 3 === 0 ? { status: 'failed', error: 'boom', closedAt: startedAt.toISOString() } : {}),
    };
    await sink.record(batch);
  }
});

afterAll(async () => {
  await db?.drop();
});

async function allPages(filter: Parameters<ExecutionQueryService['listExecutions']>[0] = {}): Promise<ExecutionSummary[][]> {
  const pages: ExecutionSummary[][] = [];
  let after: string | undefined;
  do {
    const page = await queries.listExecutions({ ...filter, after });
    pages.push(page.edges.map((edge) => edge.node));
    assert.equal(page.pageInfo.endCursor, page.edges.at(-1)?.cursor ?? null);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : undefined;
  } while (after !== undefined);
  return pages;
}

describe('ExecutionQueryService.listExecutions', () => {
  it('pages through 45 executions newest first: 20, 20, 5, each exactly once', async () => {
    const pages = await allPages();
    assert.deepEqual(
      pages.map((page) => page.length),
      [20, 20, 5],
    );
    const ids = pages.flat().map((node) => node.workflowId);
    assert.deepEqual(
      ids,
      Array.from({ length: 45 }, (_, index) => `exec-${String(44 - index).padStart(2, '0')}`),
    );
    const node = pages[0][0] as ExecutionSummary & { input?: unknown };
    assert.equal(node.input, undefined, 'lists leave out input and result');
    assert.equal(node.workflowType, 'ImportWorkflow');
    assert.ok(node.startedAt instanceof Date);
  });

  it('stays stable when executions start while a client pages', async () => {
    const first = await queries.listExecutions({ first: 20 });
    await sink.record(executionFields('exec-newest', 1, new Date(T0.getTime() + 3_600_000), new Date(T0.getTime() + 3_600_000)));
    const second = await queries.listExecutions({ first: 20, after: first.pageInfo.endCursor! });
    assert.equal(second.edges[0].node.workflowId, 'exec-24');
    await db.dataSource.query(`DELETE FROM executions WHERE workflow_id = 'exec-newest'`);
  });

  it('filters by type, status and start time', async () => {
    assert.deepEqual(
      (await allPages({ workflowType: 'ExportWorkflow' })).map((page) => page.length),
      [20, 2],
    );
    const failed = (await allPages({ status: 'failed', first: 4 })).flat();
    assert.equal(failed.length, 15);
    assert.ok(failed.every((node) => node.status === 'failed' && node.error === 'boom' && node.closedAt !== null));
    const window = (
      await allPages({ startedAfter: new Date(T0.getTime() + 60_000), startedBefore: new Date(T0.getTime() + 4 * 60_000) })
    ).flat();
    assert.deepEqual(
      window.map((node) => node.workflowId),
      ['exec-11', 'exec-10', 'exec-09', 'exec-08', 'exec-07', 'exec-06'],
    );
  });

  it('rejects a page size or cursor it cannot use, naming the fix', async () => {
    for (const first of [0, 501, 2.5]) {
      await assert.rejects(
        queries.listExecutions({ first }),
        (error: unknown) => error instanceof InvalidPageRequestError && /from 1 to 500/.test(error.message),
      );
    }
    const itemCursor = (await queries.listItems('none', {})).pageInfo.endCursor;
    assert.equal(itemCursor, null);
    for (const after of ['not-a-cursor!', Buffer.from('17|build').toString('base64url')]) {
      await assert.rejects(
        queries.listExecutions({ after }),
        (error: unknown) => error instanceof InvalidPageRequestError && /Pass the endCursor/.test(error.message),
      );
    }
  });

  it('reads one execution whole', async () => {
    const execution = await queries.getExecution('exec-07');
    assert.deepEqual(execution?.input, { index: 7 });
    assert.equal(await queries.getExecution('missing'), null);
  });
});

describe('ExecutionQueryService.listItems', () => {
  beforeAll(async () => {
    const names = ['alpha', 'beta', 'needle-one', 'gamma', '100%_real', 'Needle-two'];
    for (const step of ['build', 'test']) {
      const { batches } = simulateLoop({
        workflowId: 'with-items',
        step,
        total: 30,
        concurrency: 3,
        firstSequence: step === 'build' ? 1 : 10,
        itemOf: (index) => ({ name: names[index % names.length], index }),
        statusOf: (index) => (index % 4 === 0 ? 'failed' : 'succeeded'),
      });
      for (const batch of batches) await sink.record(batch);
    }
  });

  it('pages through the items in (step, index) order', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await queries.listItems('with-items', { first: 25, after });
      seen.push(...page.edges.map(({ node }) => `${node.step}#${node.itemIndex}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : undefined;
      pages += 1;
    } while (after !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [
      ...Array.from({ length: 30 }, (_, index) => `build#${index}`),
      ...Array.from({ length: 30 }, (_, index) => `test#${index}`),
    ]);
  });

  it('filters by step and status', async () => {
    const page = await queries.listItems('with-items', { step: 'test', status: 'failed', first: 100 });
    assert.deepEqual(
      page.edges.map(({ node }) => node.itemIndex),
      [0, 4, 8, 12, 16, 20, 24, 28],
    );
    assert.ok(page.edges.every(({ node }) => node.step === 'test' && node.status === 'failed'));
  });

  it('searches the item previews, case-insensitively, with % and _ taken literally', async () => {
    const needles = await queries.listItems('with-items', { search: 'NEEDLE', first: 100 });
    assert.equal(needles.edges.length, 20);
    assert.ok(needles.edges.every(({ node }) => /needle/i.test(node.itemPreview)));
    const literal = await queries.listItems('with-items', { search: '100%_', step: 'build', first: 100 });
    assert.deepEqual(
      literal.edges.map(({ node }) => node.itemIndex),
      [4, 10, 16, 22, 28],
    );
    assert.equal((await queries.listItems('with-items', { search: '%', first: 100 })).edges.length, 10);
    const paged = await queries.listItems('with-items', { search: 'needle', first: 15 });
    const rest = await queries.listItems('with-items', { search: 'needle', first: 15, after: paged.pageInfo.endCursor! });
    assert.deepEqual([paged.edges.length, rest.edges.length, rest.pageInfo.hasNextPage], [15, 5, false]);
  });
});

describe('ExecutionQueryService.exportItemsCsv', () => {
  const tricky = (index: number) => ({
    name: `item ${index}`,
    note: index % 3 === 0 ? 'has, a comma' : index % 3 === 1 ? 'has "quotes"' : 'has\na line break',
  });

  beforeAll(async () => {
    const { batches } = simulateLoop({
      workflowId: 'csv',
      total: 2500,
      concurrency: 25,
      batchSize: 500,
      itemOf: tricky,
      statusOf: (index) => (index % 50 === 0 ? 'failed' : 'succeeded'),
    });
    for (const batch of batches) await sink.record(batch);
  });

  it('streams every item with a header and proper quoting, in batches', async () => {
    db.queries.reset();
    const chunks: string[] = [];
    for await (const chunk of queries.exportItemsCsv('csv')) chunks.push((chunk as Buffer).toString('utf8'));
    assert.ok(chunks.length >= 4, `expected the header and at least 3 batches of rows, got ${chunks.length} chunks`);
    assert.equal(db.queries.count, 3, '2,500 rows read in 3 keyset queries');

    const records = parseCsv(chunks.join(''));
    assert.deepEqual(records[0], [
      'step',
      'item_index',
      'key',
      'status',
      'attempts',
      'started_at',
      'finished_at',
      'duration_ms',
      'error',
      'blocked_by',
      'item_preview',
      'output_preview',
    ]);
    const rows = records.slice(1);
    assert.equal(rows.length, 2500);
    assert.deepEqual(
      rows.map((row) => Number(row[1])),
      Array.from({ length: 2500 }, (_, index) => index),
    );
    for (const row of rows) {
      const index = Number(row[1]);
      assert.equal(row[10], JSON.stringify(tricky(index)));
      assert.equal(row[3], index % 50 === 0 ? 'failed' : 'succeeded');
      assert.equal(row[8], index % 50 === 0 ? `item ${index} failed` : '');
      assert.ok(!Number.isNaN(Date.parse(row[5])));
    }
  });

  it('gives the header alone for an execution without items', async () => {
    const text = (await queries.exportItemsCsv('exec-01').toArray()).map((chunk: Buffer) => chunk.toString('utf8')).join('');
    assert.equal(parseCsv(text).length, 1);
  });
});

/** A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let position = 0;
  while (position < text.length) {
    let field = '';
    if (text[position] === '"') {
      position += 1;
      for (;;) {
        const quote = text.indexOf('"', position);
        assert.ok(quote >= 0, 'unterminated quoted field');
        field += text.slice(position, quote);
        position = quote + 1;
        if (text[position] !== '"') break;
        field += '"';
        position += 1;
      }
    } else {
      const end = text.slice(position).search(/,|\r\n/);
      assert.ok(end >= 0, 'record without CRLF');
      field = text.slice(position, position + end);
      assert.ok(!/["\n\r]/.test(field), `unquoted field with a special character: ${field}`);
      position += end;
    }
    record.push(field);
    if (text[position] === ',') {
      position += 1;
    } else {
      assert.equal(text.slice(position, position + 2), '\r\n');
      position += 2;
      records.push(record);
      record = [];
    }
  }
  return records;
}

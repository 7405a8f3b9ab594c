import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { csvRecord } from '../../src/persistence/csv.format';
import { InvalidPageRequestError } from '../../src/persistence';
import { decodeCursor, encodeCursor, toConnection } from '../../src/persistence/page.cursor';
import { progressParameters, type ProgressRecord } from '../../src/persistence/progress.statement';
import type { ProgressBatch } from '../../src/protocol';
import { executionFields, T0 } from './progress-batches';

describe('csvRecord', () => {
  const cases: [string, Parameters<typeof csvRecord>[0], string][] = [
    ['plain fields', ['a', 1, 'b'], 'a,1,b\r\n'],
    ['null and undefined as empty fields', [null, undefined, ''], ',,\r\n'],
    ['a comma', ['a,b'], '"a,b"\r\n'],
    ['quotes, doubled', ['say "hi"'], '"say ""hi"""\r\n'],
    ['line breaks', ['one\ntwo', 'three\r\nfour'], '"one\ntwo","three\r\nfour"\r\n'],
    ['dates as ISO 8601', [new Date('2026-03-01T08:00:00.000Z')], '2026-03-01T08:00:00.000Z\r\n'],
  ];
  for (const [name, values, expected] of cases) {
    it(name, () => assert.equal(csvRecord(values), expected));
  }
});

describe('page cursors', () => {
  it('round-trip, the last part keeping any "|"', () => {
    const cursor = encodeCursor(['2026-03-01T08:00:00.000Z', 'order|42']);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(
      decodeCursor(cursor, 2, () => true),
      ['2026-03-01T08:00:00.000Z', 'order|42'],
    );
  });

  it('reject text that is not such a cursor', () => {
    for (const cursor of ['', '***', encodeCursor(['only-one-part'])]) {
      assert.throws(() => decodeCursor(cursor, 2, () => true), InvalidPageRequestError);
    }
    assert.throws(() => decodeCursor(encodeCursor(['x', 'y']), 2, ([first]) => first === 'z'), /is not a cursor of this list/);
  });

  it('make a page of first + 1 rows', () => {
    assert.deepEqual(toConnection([1, 2, 3], 2, String), {
      edges: [
        { cursor: '1', node: 1 },
        { cursor: '2', node: 2 },
      ],
      pageInfo: { hasNextPage: true, endCursor: '2' },
    });
    assert.deepEqual(toConnection([], 2, String), { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('progressParameters', () => {
  /** The statement's one parameter as PostgreSQL reads it. */
  const sent = (batch: ProgressBatch): ProgressRecord => {
    const parameters = progressParameters(batch);
    assert.equal(parameters.length, 1);
    return JSON.parse(parameters[0]) as ProgressRecord;
  };
  const loop = {
    step: 'build',
    total: 2,
    completed: 2,
    succeeded: 2,
    failed: 0,
    blocked: 0,
    skipped: 0,
    running: 0,
    runningKeys: [],
    concurrency: 1,
    startedAt: T0.toISOString(),
  };
  const item = (index: number, attempts: number) => ({
    index,
    key: `k${index}`,
    status: 'succeeded' as const,
    attempts,
    durationMs: 5,
    preview: '{}',
  });

  it('sends each item once, its last report winning, as ON CONFLICT may not touch a row twice', () => {
    const { items } = sent({ ...executionFields('w', 1, T0, T0), loops: [{ ...loop, items: [item(0, 1), item(1, 1), item(0, 2)] }] });
    assert.deepEqual(
      items.map((record) => record.index),
      [0, 1],
    );
    assert.deepEqual(
      items.map((record) => record.attempts),
      [2, 1],
    );
  });

  it('tells a null result (JSON null) from none (SQL NULL)', () => {
    const none = sent(executionFields('w', 1, T0, T0));
    const nullResult = sent({ ...executionFields('w', 1, T0, T0), result: null });
    // Read as `$1::jsonb->'result'`: an absent key is SQL NULL, a JSON null stays JSON null.
    assert.equal('result' in none, false);
    assert.equal(nullResult.result, null);
  });

  it('stores the loops by step, without their items', () => {
    const { loops } = sent({ ...executionFields('w', 1, T0, T0), loops: [{ ...loop, items: [item(0, 1)] }] });
    assert.deepEqual(loops, { build: loop });
  });
});

import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { csvRecord } from '../../src/persistence/csv.format';
import { InvalidPageRequestError } from '../../src/persistence';
import { decodeCursor, encodeCursor, toConnection } from '../../src/persistence/page.cursor';
import { progressParameters } from '../../src/persistence/progress.statement';
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
    assert.deepEqual(decodeCursor(cursor, 2, () => true), ['2026-03-01T08:00:00.000Z', 'order|42']);
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
  const item = (index: number, attempts: number) => ({ index, key: `k${index}`, status: 'succeeded' as const, attempts, durationMs: 5, preview: '{}' });

  it('sends each item once, its last report winning, as ON CONFLICT may not touch a row twice', () => {
    const parameters = progressParameters({ ...executionFields('w', 1, T0, T0), loops: [{ ...loop, items: [item(0, 1), item(1, 1), item(0, 2)] }] });
    assert.deepEqual(parameters[16], [0, 1]);
    assert.deepEqual(parameters[19], [2, 1]);
  });

  it('tells a null result (JSON null) from none (SQL NULL)', () => {
    const none = progressParameters(executionFields('w', 1, T0, T0));
    const nullResult = progressParameters({ ...executionFields('w', 1, T0, T0), result: null });
    assert.equal(none[11], null);
    assert.equal(nullResult[11], 'null');
  });

  it('stores the loops by step, without their items', () => {
    const parameters = progressParameters({ ...executionFields('w', 1, T0, T0), loops: [{ ...loop, items: [item(0, 1)] }] });
    assert.deepEqual(JSON.parse(parameters[14] as string), { build: loop });
  });
});

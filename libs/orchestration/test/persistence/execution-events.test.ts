import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { PROGRESS_CHANNEL, type ItemResult, type LoopProgress, type ProgressBatch, type ProgressNotification } from '../../src/protocol';
import {
  BATON_DATA_SOURCE,
  ExecutionEventsModule,
  ExecutionEventStream,
  LISTENER_APPLICATION_NAME,
  PersistenceModule,
  ProgressListener,
  ProgressSinkService,
  type ExecutionEvent,
} from '../../src/persistence';
import { deriveExecutionEvents, type RecordedItem } from '../../src/persistence/events/execution-event.deriver';
import { executionFields, simulateLoop, T0 } from './progress-batches';
import { createTestDatabase, type TestDatabase } from './test-database';
import { waitFor } from '../../../../test/support/wait-for';

/** One API instance: its own Nest application, hence its own LISTEN connection and event stream. */
interface ApiInstance {
  app: INestApplicationContext;
  notifications: ProgressNotification[];
  events: ExecutionEvent[];
  /** Statements that read items for a notification, by execution id. */
  reads: string[];
}

let db: TestDatabase;
let sink: ProgressSinkService;
let instances: ApiInstance[];

beforeAll(async () => {
  db = await createTestDatabase('execution-events');
  sink = new ProgressSinkService(db.dataSource);
  instances = await Promise.all([bootInstance(db.url), bootInstance(db.url)]);
});

afterAll(async () => {
  await Promise.all((instances ?? []).map(({ app }) => app.close()));
  await db?.drop();
});

async function bootInstance(databaseUrl: string): Promise<ApiInstance> {
  @Module({ imports: [PersistenceModule.forRoot({ databaseUrl }), ExecutionEventsModule] })
  class ApiModule {}
  const app = await NestFactory.createApplicationContext(ApiModule, { logger: false, abortOnError: false });
  const instance: ApiInstance = { app, notifications: [], events: [], reads: [] };
  const dataSource = app.get<DataSource>(BATON_DATA_SOURCE);
  const query = dataSource.query.bind(dataSource);
  dataSource.query = ((sql: string, parameters?: unknown[]) => {
    if (sql.includes('FROM execution_items')) instance.reads.push(String(parameters?.[0]));
    return query(sql, parameters);
  }) as DataSource['query'];
  app
    .get(ProgressListener)
    .notifications()
    .subscribe((notification) => instance.notifications.push(notification));
  app
    .get(ExecutionEventStream)
    .events()
    .subscribe((event) => instance.events.push(event));
  return instance;
}

function eventsOf(instance: ApiInstance, id: string): ExecutionEvent[] {
  return instance.events.filter((event) => event.executionId === id);
}

function notificationsOf(instance: ApiInstance, id: string): ProgressNotification[] {
  return instance.notifications.filter((notification) => notification.id === id);
}

/** `TYPE key` per event (`STATUS_CHANGED status`), the shape most assertions compare. */
function outline(events: ExecutionEvent[]): string[] {
  return events.map((event) => `${event.type} ${event.type === 'STATUS_CHANGED' ? event.status : event.key}`);
}

const isFinish = (event: ExecutionEvent) => event.type !== 'ITEM_STARTED';

async function untilClosed(id: string): Promise<void> {
  await waitFor(() =>
    instances.every((instance) => eventsOf(instance, id).some((event) => event.type === 'STATUS_CHANGED' && event.status !== 'running')),
  );
}

async function untilEvents(id: string, count: number): Promise<void> {
  await waitFor(() => instances.every((instance) => eventsOf(instance, id).length >= count));
}

/** Every item of the execution has exactly one start (unless it never ran) and one end, the start first. */
function assertEachItemOnce(events: ExecutionEvent[], keys: string[]): void {
  for (const key of keys) {
    const ofItem = events.filter((event) => event.key === key).map((event) => event.type);
    assert.equal(ofItem.filter((type) => type !== 'ITEM_STARTED').length, 1, `one end for ${key}: ${ofItem.join(', ')}`);
    assert.ok(ofItem.filter((type) => type === 'ITEM_STARTED').length <= 1, `at most one start for ${key}: ${ofItem.join(', ')}`);
    if (ofItem.includes('ITEM_STARTED')) assert.equal(ofItem[0], 'ITEM_STARTED', `${key} starts before it ends`);
  }
}

const BUILD_START = T0.getTime();
const at = (seconds: number) => new Date(BUILD_START + seconds * 1000).toISOString();

function buildLoop(running: string[], items: ItemResult[], counters: Partial<LoopProgress>) {
  return {
    step: 'build',
    total: 5,
    completed: 0,
    succeeded: 0,
    failed: 0,
    blocked: 0,
    skipped: 0,
    running: running.length,
    runningKeys: running,
    concurrency: 2,
    startedAt: T0.toISOString(),
    ...counters,
    items,
  };
}

function ran(index: number, key: string, startedAt: number, finishedAt: number, outcome: Partial<ItemResult> = {}): ItemResult {
  return {
    index,
    key,
    status: 'succeeded',
    attempts: 1,
    durationMs: (finishedAt - startedAt) * 1000,
    startedAt: at(startedAt),
    finishedAt: at(finishedAt),
    preview: JSON.stringify({ key }),
    result: { key },
    ...outcome,
  };
}

describe('ProgressListener and ExecutionEventStream', () => {
  it('deliver every notification and every event to each of two API instances, reading once per notification', async () => {
    // Extra subscribers on the first instance: the stream still reads once per notification.
    const extra = [1, 2, 3].map(() => instances[0].app.get(ExecutionEventStream).eventsOf('two-instances').subscribe());
    const readsBefore = instances.map((instance) => instance.reads.length);
    const { batches } = simulateLoop({ workflowId: 'two-instances', total: 40, concurrency: 4 });
    for (const batch of batches) await sink.record(batch);
    await untilClosed('two-instances');
    extra.forEach((subscription) => subscription.unsubscribe());

    const [first, second] = instances.map((instance) => notificationsOf(instance, 'two-instances'));
    assert.deepEqual(
      first.map((notification) => notification.seq),
      [1, 2, 3, 4],
    );
    assert.deepEqual(second, first);
    assert.deepEqual(Object.keys(first[0]).sort(), [
      ...['blocked', 'completed', 'concurrency', 'elapsedMs', 'eta', 'failed', 'id', 'paused', 'rate'],
      ...['running', 'seq', 'skipped', 'status', 'succeeded', 'total', 'type', 'updatedAt'],
    ]);
    const last = first[3];
    assert.deepEqual(
      { ...last, rate: undefined, updatedAt: undefined },
      {
        id: 'two-instances',
        type: 'ImportWorkflow',
        seq: 4,
        status: 'completed',
        completed: 40,
        total: 40,
        succeeded: 40,
        failed: 0,
        blocked: 0,
        skipped: 0,
        running: 0,
        concurrency: 0,
        paused: false,
        elapsedMs: Date.parse(batches[3].sentAt) - T0.getTime(),
        eta: 0,
        rate: undefined,
        updatedAt: undefined,
      },
    );
    assert.match(last.updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const [eventsA, eventsB] = instances.map((instance) => eventsOf(instance, 'two-instances'));
    const keys = Array.from({ length: 40 }, (_, index) => `key-${index}`);
    for (const events of [eventsA, eventsB]) assertEachItemOnce(events, keys);
    // Ends and status changes come from rows written once: identical everywhere. When an item is seen starting
    // depends on when each instance read the row, so only the set of started items is compared.
    assert.deepEqual(eventsB.filter(isFinish), eventsA.filter(isFinish));
    assert.equal(eventsA.filter((event) => event.type === 'ITEM_SUCCEEDED').length, 40);
    assert.deepEqual(outline(eventsA.filter((event) => event.type === 'STATUS_CHANGED')), [
      'STATUS_CHANGED running',
      'STATUS_CHANGED completed',
    ]);
    const startedKeys = (events: ExecutionEvent[]) =>
      events
        .filter((event) => event.type === 'ITEM_STARTED')
        .map((event) => event.key)
        .sort();
    assert.deepEqual(startedKeys(eventsB), startedKeys(eventsA));
    assert.deepEqual(
      instances.map((instance, position) => instance.reads.slice(readsBefore[position]).filter((id) => id === 'two-instances').length),
      [4, 4],
    );
    const [{ count }] = await db.dataSource.query(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [LISTENER_APPLICATION_NAME],
    );
    assert.equal(count, 2, 'one LISTEN connection per instance');
  });

  it('report items started, finished, failed and blocked in order, and the status change at the end', async () => {
    const fields = (sequence: number, seconds: number) => executionFields('ordered', sequence, T0, new Date(BUILD_START + seconds * 1000));
    // a and b are seen running; c starts and ends between two batches; d is seen running; e is blocked by b.
    const batches: ProgressBatch[] = [
      { ...fields(1, 1), loops: [buildLoop(['a', 'b'], [], {})] },
      {
        ...fields(2, 4),
        loops: [{ ...buildLoop(['b', 'd'], [ran(0, 'a', 0.1, 2), ran(2, 'c', 2, 3)], { completed: 2, succeeded: 2 }), paused: true }],
      },
      {
        ...fields(3, 8),
        status: 'completed',
        closedAt: at(8),
        loops: [
          buildLoop(
            [],
            [
              ran(3, 'd', 3, 6),
              ran(1, 'b', 0.1, 5, { status: 'failed', attempts: 3, error: 'boom', result: undefined }),
              {
                index: 4,
                key: 'e',
                status: 'blocked',
                attempts: 0,
                durationMs: 0,
                error: 'blocked: depends on "b", which failed',
                blockedBy: 'b',
                preview: '{}',
              },
            ],
            { completed: 5, succeeded: 3, failed: 1, blocked: 1 },
          ),
        ],
      },
    ];
    // One batch at a time, as a workflow sends them (a second apart): each instance reads the row as that batch left it.
    const expectedCounts = [3, 7, 11];
    for (const [position, batch] of batches.entries()) {
      await sink.record(batch);
      await untilEvents('ordered', expectedCounts[position]);
    }
    await untilClosed('ordered');

    const [events, other] = instances.map((instance) => eventsOf(instance, 'ordered'));
    assert.deepEqual(other, events);
    assert.deepEqual(outline(events), [
      'STATUS_CHANGED running',
      'ITEM_STARTED a',
      'ITEM_STARTED b',
      'ITEM_SUCCEEDED a',
      'ITEM_STARTED c',
      'ITEM_SUCCEEDED c',
      'ITEM_STARTED d',
      'ITEM_FAILED b',
      'ITEM_BLOCKED e',
      'ITEM_SUCCEEDED d',
      'STATUS_CHANGED completed',
    ]);
    const base = { executionId: 'ordered', workflow: 'ImportWorkflow' };
    assert.deepEqual(events[0], { ...base, type: 'STATUS_CHANGED', sequence: 1, at: events[0].at, status: 'running' });
    assert.deepEqual(events[1], { ...base, type: 'ITEM_STARTED', sequence: 1, at: at(1), step: 'build', key: 'a' });
    assert.deepEqual(events[4], { ...base, type: 'ITEM_STARTED', sequence: 2, at: at(2), step: 'build', key: 'c', index: 2 });
    assert.deepEqual(events[5], {
      ...base,
      type: 'ITEM_SUCCEEDED',
      sequence: 2,
      at: at(3),
      step: 'build',
      key: 'c',
      index: 2,
      attempts: 1,
      durationMs: 1000,
    });
    assert.deepEqual(events[7], {
      ...base,
      type: 'ITEM_FAILED',
      sequence: 3,
      at: at(5),
      step: 'build',
      key: 'b',
      index: 1,
      attempts: 3,
      durationMs: 4900,
      error: 'boom',
    });
    assert.deepEqual(events[8], {
      ...base,
      type: 'ITEM_BLOCKED',
      sequence: 3,
      at: at(5),
      step: 'build',
      key: 'e',
      index: 4,
      attempts: 0,
      durationMs: 0,
      error: 'blocked: depends on "b", which failed',
      blockedBy: 'b',
    });
    assert.deepEqual(events[10], {
      ...base,
      type: 'STATUS_CHANGED',
      sequence: 3,
      at: events[10].at,
      status: 'completed',
      previousStatus: 'running',
    });
    assert.deepEqual(
      notificationsOf(instances[0], 'ordered').map(({ seq, paused }) => ({ seq, paused })),
      [
        { seq: 1, paused: false },
        { seq: 2, paused: true },
        { seq: 3, paused: false },
      ],
    );
  });

  it('reports nothing twice for a retried batch or a notification received again', async () => {
    const { batches } = simulateLoop({ workflowId: 'retried-events', total: 30, concurrency: 3 });
    assert.equal(batches.length, 3);
    await sink.record(batches[0]);
    await untilEvents('retried-events', 11);
    await sink.record(batches[0]);
    await sink.record(batches[1]);
    await sink.record(batches[1]);
    await waitFor(() => notificationsOf(instances[0], 'retried-events').length === 2);
    // The same notifications delivered again (PostgreSQL would not, but a replay must be harmless).
    for (const notification of notificationsOf(instances[0], 'retried-events')) {
      await db.dataSource.query('SELECT pg_notify($1, $2)', [PROGRESS_CHANNEL, JSON.stringify(notification)]);
    }
    await sink.record(batches[2]);
    await untilClosed('retried-events');

    assert.deepEqual(
      notificationsOf(instances[0], 'retried-events').map((notification) => notification.seq),
      [1, 2, 1, 2, 3],
      'a retried batch notifies nobody; the replays arrive in order',
    );
    for (const instance of instances) {
      const events = eventsOf(instance, 'retried-events');
      assertEachItemOnce(
        events,
        Array.from({ length: 30 }, (_, index) => `key-${index}`),
      );
      const unique = new Set(outline(events));
      assert.equal(unique.size, events.length, `no event twice: ${outline(events).join(', ')}`);
    }
  });

  it('keeps going after its LISTEN connection is killed, with the items of missed notifications', async () => {
    const { batches } = simulateLoop({ workflowId: 'recovering', total: 30, concurrency: 3 });
    await sink.record(batches[0]);
    await untilEvents('recovering', 11);

    const killed: { pid: number }[] = await db.dataSource.query(
      `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [LISTENER_APPLICATION_NAME],
    );
    assert.equal(killed.length, 2);
    // Most likely sent while nobody listens: its items come with the next notification.
    await sink.record(batches[1]);
    await waitFor(async () => {
      const listening: { pid: number }[] = await db.dataSource.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query = $2`,
        [LISTENER_APPLICATION_NAME, `LISTEN ${PROGRESS_CHANNEL}`],
      );
      const fresh = listening.filter(({ pid }) => !killed.some((dead) => dead.pid === pid));
      return fresh.length === 2 && instances.every((instance) => instance.app.get(ProgressListener).listening);
    });
    await sink.record(batches[2]);
    await untilClosed('recovering');

    const keys = Array.from({ length: 30 }, (_, index) => `key-${index}`);
    const [events, other] = instances.map((instance) => eventsOf(instance, 'recovering'));
    for (const instance of instances) {
      assert.ok(
        notificationsOf(instance, 'recovering').some((notification) => notification.seq === 3),
        'later notifications arrive',
      );
    }
    assertEachItemOnce(events, keys);
    assertEachItemOnce(other, keys);
    assert.deepEqual(
      events.filter((event) => event.type === 'ITEM_SUCCEEDED').map((event) => event.key),
      batches.flatMap((batch) => batch.loops[0].items.map((item) => item.key)),
      'every item once, in the order it finished',
    );
    assert.deepEqual(other.filter(isFinish), events.filter(isFinish));
  });

  it('learns of an execution that ended while its LISTEN connection was down, with no later notification', async () => {
    const { batches } = simulateLoop({ workflowId: 'ended-while-down', total: 20, concurrency: 2 });
    for (const batch of batches.slice(0, -1)) await sink.record(batch);
    await untilEvents('ended-while-down', 1);

    const killed: { pid: number }[] = await db.dataSource.query(
      `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [LISTENER_APPLICATION_NAME],
    );
    assert.equal(killed.length, 2);
    // The final batch, while nobody listens: no notification of this execution will ever follow it.
    await sink.record(batches.at(-1)!);
    await untilClosed('ended-while-down');

    const keys = Array.from({ length: 20 }, (_, index) => `key-${index}`);
    for (const instance of instances) assertEachItemOnce(eventsOf(instance, 'ended-while-down'), keys);
  });
});

describe('execution_items.sequence', () => {
  it('is added by the migration, with its index', async () => {
    const [column] = await db.dataSource.query(
      `SELECT data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'execution_items' AND ` +
        `column_name = 'sequence'`,
    );
    assert.deepEqual(column, { data_type: 'integer', is_nullable: 'NO', column_default: '0' });
    const [index] = await db.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'execution_items_sequence_idx'`);
    assert.match(index.indexdef, /ON public\.execution_items USING btree \(execution_id, sequence\)$/);
  });

  it('holds the sequence of the batch that last wrote the row', async () => {
    const { batches } = simulateLoop({ workflowId: 'sequenced', total: 20, concurrency: 2 });
    await sink.record(batches[0]);
    await sink.record(batches[1]);
    const sequences = async () =>
      (await db.dataSource.query(
        `SELECT item_index, sequence, xmin::text FROM execution_items WHERE execution_id = 'sequenced' ORDER BY item_index`,
      )) as {
        item_index: number;
        sequence: number;
        xmin: string;
      }[];
    const recorded = await sequences();
    const expected = new Map(batches.flatMap((batch) => batch.loops[0].items.map((item) => [item.index, batch.sequence] as const)));
    assert.deepEqual(
      recorded.map((row) => row.sequence),
      recorded.map((row) => expected.get(row.item_index)),
    );

    await sink.record(batches[0]);
    assert.deepEqual(await sequences(), recorded, 'a retried batch rewrites no row');

    const changed = { ...batches[0].loops[0].items[0], attempts: 2 };
    await sink.record({ ...batches[1], sequence: 3, loops: [{ ...batches[1].loops[0], items: [changed] }] });
    const after = await sequences();
    assert.equal(after.find((row) => row.item_index === changed.index)!.sequence, 3, 'a changed row takes the new sequence');
    assert.deepEqual(
      after.filter((row) => row.item_index !== changed.index),
      recorded.filter((row) => row.item_index !== changed.index),
    );
  });
});

describe('deriveExecutionEvents', () => {
  const notification = (seq: number, status: ProgressNotification['status']): ProgressNotification => ({
    id: 'x',
    type: 'W',
    seq,
    status,
    completed: 0,
    total: 0,
    succeeded: 0,
    failed: 0,
    blocked: 0,
    skipped: 0,
    running: 0,
    concurrency: 0,
    paused: false,
    elapsedMs: 0,
    updatedAt: at(100),
    rate: 0,
    eta: null,
  });
  const item = (index: number, fields: Partial<RecordedItem>): RecordedItem => ({
    step: 's',
    index,
    key: `k${index}`,
    status: 'succeeded',
    attempts: 1,
    startedAt: at(index),
    finishedAt: at(index + 10),
    durationMs: 10_000,
    error: null,
    blockedBy: null,
    sequence: 1,
    ...fields,
  });

  it('announces no start for items that never ran, puts items without a time of their own last, and nothing new on a replay', () => {
    const { events, state } = deriveExecutionEvents(undefined, notification(1, 'failed'), {
      runningKeys: { s: ['k9'] },
      observedAt: at(50),
      items: [
        item(2, { status: 'skipped', attempts: 0, startedAt: null, finishedAt: null, error: 'not started' }),
        item(1, { status: 'failed', error: 'boom' }),
        item(0, { status: 'skipped', attempts: 0, startedAt: at(3), finishedAt: at(3), error: 'skipIf' }),
      ],
    });
    // A closed execution announces nothing from its stale running keys, and its status change comes last.
    assert.deepEqual(outline(events), ['ITEM_SKIPPED k0', 'ITEM_STARTED k1', 'ITEM_FAILED k1', 'ITEM_SKIPPED k2', 'STATUS_CHANGED failed']);
    assert.equal(events[3].at, at(50));
    const replay = deriveExecutionEvents(state, notification(1, 'failed'), { runningKeys: {}, observedAt: at(60), items: [] });
    assert.deepEqual(replay.events, []);
  });
});

import { ActivityFailure, ApplicationFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { compiledScript } from '../support/repository';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidWorkflowInputError, WorkflowRegistry } from '@baton/orchestration';
import { BatonTest, expectExactWindow, maxOpen, type BatonTestingModule, type HistoryEvent } from '@baton/testing';
import { ApiBatchWorkflow, type ApiBatchReport } from '../../examples/api-batch/api-batch.workflow';
import { OrdersApi } from '../../examples/api-batch/orders.api';
import { BulkEmailWorkflow, type BulkEmailReport } from '../../examples/bulk-email/bulk-email.workflow';
import { MailBackend } from '../../examples/bulk-email/mail.backend';
import { customersChecksum } from '../../examples/data-migration/customer.checksum';
import { toCrmCustomer } from '../../examples/data-migration/customer.transform';
import { DataMigrationWorkflow, type MigrationReport } from '../../examples/data-migration/data-migration.workflow';
import { SourceDatabase } from '../../examples/data-migration/source.database';
import { TargetStore } from '../../examples/data-migration/target.store';
import { apiBatchExample, bulkEmailExample, dataMigrationExample, EXAMPLES, selectExamples } from '../../examples/example-catalog';
import { ExampleDatabaseMissingError } from '../../examples/example-database-missing.error';
import { ExampleDatabase } from '../../examples/example.database';
import { EXAMPLE_PROVIDERS } from '../../examples/examples.module';
import { UnknownExampleError } from '../../examples/unknown-example.error';

const WORKER_SCRIPT = compiledScript('test/examples/examples-worker.main.ts');

/** The orders API's failure plan, restated: 404 for multiples of 97, two 503s for multiples of 127, one for multiples of 83. */
function expectedAttempts(id: number): number {
  if (id % 97 === 0) {
    return 1;
  }
  return id % 127 === 0 ? 3 : id % 83 === 0 ? 2 : 1;
}

const invalidAddress = (address: string, reason: string): { email: string; error: string } => ({
  email: address,
  error: `Invalid recipient address "${address}": ${reason}. Correct it in the contact list.`,
});

type ExampleHandle = WorkflowHandle<(input?: unknown) => Promise<unknown>>;

/** One example: how to start it, and what its run must show however many workers ran it. */
interface ExampleCheck {
  name: string;
  /** The loop's activity type: the items the workers share. */
  loopActivity: string;
  /** The loop's `concurrency`. */
  concurrency: number;
  /** Starts the example from `baton`, whose worker runs it or whose task queue other processes serve. */
  start(baton: BatonTestingModule): Promise<ExampleHandle>;
  /** Waits for the result and checks it and the backends (read through `baton`); resolves to the execution's history. */
  verify(handle: ExampleHandle, baton: BatonTestingModule): Promise<HistoryEvent[]>;
}

/** Runs one example from start to the checks of its result. */
async function runExample(check: ExampleCheck, baton: BatonTestingModule): Promise<HistoryEvent[]> {
  return check.verify(await check.start(baton), baton);
}

const EXAMPLE_CHECKS: readonly ExampleCheck[] = [
  {
    name:
      'bulk email: 100 recipients one at a time; exactly the 4 invalid addresses fail, with their reasons; each other one gets ' +
      'one email',
    loopActivity: 'BulkEmailWorkflow.sendEmail',
    concurrency: 1,
    start: (baton) => baton.start(BulkEmailWorkflow, bulkEmailExample.input),
    async verify(handle, baton) {
      const report = (await handle.result()) as BulkEmailReport;

      assert.deepEqual(
        { total: report.total, sent: report.sent, failed: report.failed, failures: report.failures },
        {
          total: 100,
          sent: 96,
          failed: 4,
          failures: [
            invalidAddress('customer-017@example', 'its domain "example" has no top-level domain such as ".com"'),
            invalidAddress('customer-042.example.com', 'it has no "@"'),
            invalidAddress('customer-058@exa mple.com', 'it contains whitespace'),
            invalidAddress('customer-083@@example.com', 'it has more than one "@"'),
          ],
        },
      );
      const expectedSent = Array.from({ length: 100 }, (_, index) => index + 1)
        .filter((number) => ![17, 42, 58, 83].includes(number))
        .map((number) => `customer-${String(number).padStart(3, '0')}@example.com`);
      const outbox = await baton.get(MailBackend).outbox(handle.workflowId);
      assert.deepEqual(
        outbox.map((message) => message.to).sort(),
        expectedSent,
        'the outbox holds one email for each valid recipient, no more',
      );
      const events = await baton.history(handle);
      assert.equal(maxOpen(events, 'activity', 'BulkEmailWorkflow.sendEmail'), 1, 'never more than one send in flight');
      return events;
    },
  },
  {
    name: 'data migration: 1,000 records, 10 writes at a time, verified by count and checksum against the rows written',
    loopActivity: 'DataMigrationWorkflow.migrateRecord',
    concurrency: 10,
    start: (baton) => baton.start(DataMigrationWorkflow, dataMigrationExample.input),
    async verify(handle, baton) {
      const report = (await handle.result()) as MigrationReport;

      const expected = baton.get(SourceDatabase).customers().map(toCrmCustomer);
      assert.equal(expected.length, 1000);
      assert.deepEqual(
        {
          sourceCount: report.sourceCount,
          targetCount: report.targetCount,
          migrated: report.migrated,
          failed: report.failed,
          checksum: report.checksum,
        },
        { sourceCount: 1000, targetCount: 1000, migrated: 1000, failed: 0, checksum: customersChecksum(expected) },
      );
      const written = await baton.get(TargetStore).customers(handle.workflowId);
      assert.equal(customersChecksum(written), customersChecksum(expected), 'the CRM holds exactly the transformed source');
      assert.deepEqual(
        written.find((customer) => customer.legacyId === 5),
        {
          id: 'cus_00005',
          legacyId: 5,
          fullName: 'Donald Turing',
          email: 'donald.turing5@example.com',
          country: 'PL',
          balanceCents: 39595,
          signedUpOn: '2015-06-06',
        },
        'a row is transformed: name joined, email trimmed and lower-cased, country upper-cased, euros to cents, date to ISO',
      );
      const events = await baton.history(handle);
      assert.equal(maxOpen(events, 'activity', 'DataMigrationWorkflow.migrateRecord'), 10, 'the loop kept exactly 10 writes open');
      return events;
    },
  },
  {
    name: 'API batch: 500 calls; attempts per call follow the failure plan, 404s are never retried, and the API saw exactly those calls',
    loopActivity: 'ApiBatchWorkflow.fetchOrder',
    concurrency: 5,
    start: (baton) => baton.start(ApiBatchWorkflow, apiBatchExample.input),
    async verify(handle, baton) {
      const report = (await handle.result()) as ApiBatchReport;

      const ids = Array.from({ length: 500 }, (_, index) => index + 1);
      const notFound = [97, 194, 291, 388, 485];
      assert.deepEqual(
        { total: report.total, succeeded: report.succeeded, failed: report.failed, totalAttempts: report.totalAttempts },
        { total: 500, succeeded: 495, failed: 5, totalAttempts: 512 },
      );
      assert.deepEqual(
        report.failures,
        notFound.map((id) => ({ id, attempts: 1, error: `GET /orders/${id} → 404 Not Found` })),
      );
      assert.deepEqual(
        report.retried,
        ids.filter((id) => expectedAttempts(id) > 1).map((id) => ({ id, attempts: expectedAttempts(id) })),
      );
      assert.equal(report.retried.length, 9);
      assert.deepEqual(
        [83, 127, 254, 97, 1].map((id) => report.retried.find((call) => call.id === id)?.attempts ?? 1),
        [2, 3, 3, 1, 1],
        '83 → one 503 then 200; 127 and 254 → two 503s then 200; 97 → 404 once; 1 → 200 at once',
      );
      const calls = await baton.get(OrdersApi).callsByOrder(handle.workflowId);
      assert.deepEqual(
        ids.map((id) => calls.get(id) ?? 0),
        ids.map(expectedAttempts),
        'the API received exactly the attempts the loop reported, order by order',
      );
      const events = await baton.history(handle);
      assert.equal(maxOpen(events, 'activity', 'ApiBatchWorkflow.fetchOrder'), 5, 'the loop kept exactly 5 calls open');
      return events;
    },
  },
];

/** How many attempts of an activity type each worker (by identity) ran, from the history's started events. */
function attemptsByWorker(events: readonly HistoryEvent[], activityType: string): Map<string, number> {
  const scheduled = new Set(
    events
      .filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
      .map((event) => Number(event.eventId)),
  );
  const byWorker = new Map<string, number>();
  for (const event of events) {
    const started = event.activityTaskStartedEventAttributes;
    if (started != null && scheduled.has(Number(started.scheduledEventId))) {
      byWorker.set(started.identity!, (byWorker.get(started.identity!) ?? 0) + 1);
    }
  }
  return byWorker;
}

describe('examples on one worker (real Temporal and PostgreSQL)', () => {
  // The suite's servers come from TEMPORAL_ADDRESS and DATABASE_URL, as in a user's test.
  let baton: BatonTestingModule;

  beforeAll(async () => {
    baton = await BatonTest.createTestingModule({ providers: EXAMPLE_PROVIDERS }).compile();
  });

  afterAll(async () => {
    await baton?.close();
  });

  for (const check of EXAMPLE_CHECKS) {
    it(check.name, async () => {
      const events = await runExample(check, baton);
      // One worker, no lost attempts: after every workflow task, min(N, unfinished) items are open.
      expectExactWindow(events, { activity: check.loopActivity, concurrency: check.concurrency });
    });
  }

  it('data migration: verify fails the workflow when the target holds a row the source does not', async () => {
    const workflowId = `data-migration-${randomUUID()}`;
    const stray = { ...toCrmCustomer(baton.get(SourceDatabase).customers()[0]), id: 'cus_99999', legacyId: 99_999 };
    await baton.get(TargetStore).upsert(workflowId, stray);

    const error = await baton
      .execute(DataMigrationWorkflow, dataMigrationExample.input, { workflowId })
      .catch((failure: unknown) => failure);
    assert.ok(error instanceof WorkflowFailedError);
    assert.ok(error.cause instanceof ActivityFailure, 'the verify step failed');
    assert.match(
      error.cause.cause?.message ?? '',
      new RegExp(
        /^Migration verification failed: the target holds 1001 customers, the source 1000; /.source +
          /the target's checksum [0-9a-f]{64} differs from the source's [0-9a-f]{64}\. Run the migration again/.source,
      ),
    );
  });

  it('API batch: input another Temporal client sends past the validation fails the first step at once, not retried', async () => {
    const temporal = await baton.client.temporal();
    const handle = await temporal.workflow.start('ApiBatchWorkflow', {
      taskQueue: baton.taskQueue,
      workflowId: `api-batch-${randomUUID()}`,
      args: [{ orders: 2e7 }],
    });

    const error = await handle.result().catch((failure: unknown) => failure);
    assert.ok(error instanceof WorkflowFailedError);
    assert.ok(error.cause instanceof ActivityFailure && error.cause.cause instanceof ApplicationFailure, 'the planCalls step failed');
    assert.equal(error.cause.cause.nonRetryable, true);
    assert.match(error.cause.cause.message, /^Invalid input for workflow "ApiBatchWorkflow": "orders" must be an integer from 1 to 1000 /);
  });

  it('every history replays with the worker bundle', async () => {
    assert.ok((await baton.assertReplays()) >= 5);
  });
});

describe('examples on two worker processes (real Temporal and PostgreSQL)', () => {
  let client: BatonTestingModule;
  const workers = new Set<ChildProcess>();
  const taskQueue = `examples-split-${randomUUID()}`;
  const identityOf = (worker: ChildProcess): string => `${worker.pid}@${hostname()}`;

  function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--enable-source-maps', WORKER_SCRIPT], {
      // The workers serve the task queue on the server this process's module uses; DATABASE_URL is inherited.
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: client.temporal.address,
        TEMPORAL_NAMESPACE: client.temporal.namespace,
        BATON_TEST_TASK_QUEUE: taskQueue,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    workers.add(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`examples worker exited with ${code} before it was ready`)));
    });
  }

  /** SIGTERM: the worker drains and exits, as in a deploy (SIGKILL if it has not within 15 s, so the suite ends). */
  async function stopWorker(worker: ChildProcess): Promise<void> {
    workers.delete(worker);
    if (worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      const stuck = setTimeout(() => worker.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(stuck);
    }
  }

  /** Items ran on two or more of the test's worker processes (the attempts each ran are reported). */
  function assertRanOnSeveralWorkers(events: readonly HistoryEvent[], check: ExampleCheck, ours: ReadonlySet<string>): void {
    const byWorker = attemptsByWorker(events, check.loopActivity);
    const seen = JSON.stringify(Object.fromEntries(byWorker));
    console.log(`${check.loopActivity} attempts by worker: ${seen}`);
    assert.ok(byWorker.size >= 2, `items ran on at least two worker processes: ${seen}`);
    assert.ok(
      [...byWorker.keys()].every((identity) => ours.has(identity)),
      `only the test's workers ran items: ${seen}`,
    );
  }

  beforeAll(async () => {
    // This process only starts the examples and reads the backends: it runs no worker of its own.
    client = await BatonTest.createTestingModule({ providers: EXAMPLE_PROVIDERS }, { taskQueue, worker: { enabled: false } }).compile();
    await Promise.all([startWorker(), startWorker()]);
  });

  afterAll(async () => {
    await Promise.all([...workers].map(stopWorker));
    await client?.close();
  });

  // One email at a time: each next send is scheduled by the workflow task on the worker that holds the execution,
  // which also takes the send (sticky execution, eager activity dispatch). So the campaign moves to the other worker
  // the way it would in a deploy: the worker that holds it stops mid-campaign, and a fresh one is started.
  it(`${EXAMPLE_CHECKS[0].name}; a worker stopping mid-campaign hands it over without losing or repeating an email`, async () => {
    const check = EXAMPLE_CHECKS[0];
    const handle = await check.start(client);
    const ours = new Set([...workers].map(identityOf));
    let holder: string | undefined;
    while (holder === undefined) {
      await sleep(200);
      const ran = attemptsByWorker(await client.history(handle), check.loopActivity);
      holder = [...ran].find(([, attempts]) => attempts >= 20)?.[0];
    }
    await stopWorker([...workers].find((worker) => identityOf(worker) === holder)!);
    ours.add(identityOf(await startWorker()));

    assertRanOnSeveralWorkers(await check.verify(handle, client), check, ours);
  });

  for (const check of EXAMPLE_CHECKS.slice(1)) {
    it(`${check.name}; both workers ran items`, async () => {
      const ours = new Set([...workers].map(identityOf));
      assertRanOnSeveralWorkers(await runExample(check, client), check, ours);
    });
  }

  it('every history replays with the examples bundle', async () => {
    // With the two workers stopped, a worker of this process on the same queue compiles the bundle and takes no task.
    await Promise.all([...workers].map(stopWorker));
    const replayer = await BatonTest.createTestingModule({ providers: EXAMPLE_PROVIDERS }, { taskQueue }).compile();
    try {
      assert.equal(await replayer.assertReplays(), EXAMPLE_CHECKS.length);
    } finally {
      await replayer.close();
    }
  });
});

describe('example inputs are validated before the start', () => {
  let client: BatonTestingModule;

  beforeAll(async () => {
    client = await BatonTest.createTestingModule({ providers: EXAMPLE_PROVIDERS }, { worker: { enabled: false } }).compile();
  });

  afterAll(async () => {
    await client?.close();
  });

  const refusals: { workflow: string; input: unknown; problems: string[] }[] = [
    {
      workflow: 'ApiBatchWorkflow',
      input: { orders: 2e7 },
      problems: [
        '"orders" must be an integer from 1 to 1000 (one batch fetches at most 1000 orders; split a bigger job into several batches), ' +
          'got a number (20000000)',
      ],
    },
    {
      workflow: 'ApiBatchWorkflow',
      input: { orders: 2.5, extra: true },
      problems: [
        'the input has an unknown field "extra"; known fields: "orders"',
        '"orders" must be an integer from 1 to 1000 (one batch fetches at most 1000 orders; split a bigger job into several batches), ' +
          'got a number (2.5)',
      ],
    },
    { workflow: 'ApiBatchWorkflow', input: undefined, problems: ['the input must be an object, got undefined'] },
    {
      workflow: 'BulkEmailWorkflow',
      input: { campaign: 'spring-sale', recipients: 1e6 },
      problems: ['"recipients" must be an integer from 1 to 1000 (the contact list holds 1000 customers), got a number (1000000)'],
    },
    {
      workflow: 'BulkEmailWorkflow',
      input: { campaign: 'x'.repeat(101), recipients: 0 },
      problems: [
        '"campaign" must be a string of 1 to 100 characters without control characters, got a string ("' + 'x'.repeat(78) + '…)',
        '"recipients" must be an integer from 1 to 1000 (the contact list holds 1000 customers), got a number (0)',
      ],
    },
    {
      workflow: 'BulkEmailWorkflow',
      input: { campaign: 'spring\nsale', recipients: '100' },
      problems: [
        '"campaign" must be a string of 1 to 100 characters without control characters, got a string ("spring\\nsale")',
        '"recipients" must be an integer from 1 to 1000 (the contact list holds 1000 customers), got a string ("100")',
      ],
    },
    {
      workflow: 'DataMigrationWorkflow',
      input: { rows: 1e9 },
      problems: ['the input has an unknown field "rows"; the workflow takes none'],
    },
    { workflow: 'DataMigrationWorkflow', input: [1, 2, 3], problems: ['the input must be an object or nothing, got an array of 3 items'] },
  ];

  for (const { workflow, input, problems } of refusals) {
    it(`${workflow} refuses ${JSON.stringify(input) ?? 'no input'}`, async () => {
      await assert.rejects(
        client.start(workflow, input),
        (error: unknown) =>
          error instanceof InvalidWorkflowInputError &&
          error.message === `Invalid input for workflow "${workflow}": ${problems.join('; ')}.`,
      );
    });
  }

  it('accepts the inputs of the catalog', async () => {
    const registry = client.get(WorkflowRegistry);
    for (const example of EXAMPLES) {
      await registry.validateInput(client.client.definition(example.workflow).name, example.input);
    }
  });
});

describe('example catalog', () => {
  it('summarizes an API batch report as label/value lines', () => {
    const report: ApiBatchReport = {
      total: 300,
      succeeded: 297,
      failed: 3,
      totalAttempts: 307,
      retried: [
        { id: 83, attempts: 2 },
        { id: 127, attempts: 3 },
        { id: 166, attempts: 2 },
        { id: 249, attempts: 2 },
        { id: 254, attempts: 3 },
      ],
      failures: [97, 194, 291].map((id) => ({ id, attempts: 1, error: `GET /orders/${id} → 404 Not Found` })),
      timing: { sequentialMs: 1000, wallMs: 200 },
    };
    assert.deepEqual(apiBatchExample.summarize(report), [
      ['calls', '300'],
      ['succeeded', '297'],
      ['failed', '3'],
      ['', 'order 97: GET /orders/97 → 404 Not Found after 1 attempt'],
      ['', 'order 194: GET /orders/194 → 404 Not Found after 1 attempt'],
      ['', 'order 291: GET /orders/291 → 404 Not Found after 1 attempt'],
      ['total attempts', '307 (7 retries)'],
      ['retried items', '5 (3 made 2 attempts, 2 made 3 attempts)'],
    ]);
  });

  it('says how to give the examples a database when the application has none', async () => {
    await assert.rejects(
      new ExampleDatabase().query('SELECT 1'),
      (error: unknown) =>
        error instanceof ExampleDatabaseMissingError &&
        error.message.endsWith(
          'this application has no database. Configure OrchestrationModule.forRoot({ persistence: { databaseUrl } }).',
        ),
    );
  });

  it('selects examples by name, all by default, and names the known ones for an unknown name', () => {
    assert.deepEqual(
      selectExamples([]).map((example) => example.name),
      ['bulk-email', 'data-migration', 'api-batch'],
    );
    assert.deepEqual(
      selectExamples(['api-batch', 'bulk-email']).map((example) => example.name),
      ['bulk-email', 'api-batch'],
    );
    assert.throws(
      () => selectExamples(['api-batch', 'nope']),
      (error: unknown) =>
        error instanceof UnknownExampleError &&
        error.message ===
          'Unknown example "nope". Known examples: bulk-email, data-migration, api-batch. ' +
            'Name any of them, or none to run all: node dist/examples/run-examples.js [name...]',
    );
  });
});

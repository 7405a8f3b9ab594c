import { ActivityFailure, WorkflowFailedError } from '@temporalio/client';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiBatchWorkflow, type ApiBatchReport } from '../../examples/api-batch/api-batch.workflow';
import { OrdersApi } from '../../examples/api-batch/orders.api';
import { BulkEmailWorkflow, type BulkEmailReport } from '../../examples/bulk-email/bulk-email.workflow';
import { MailBackend } from '../../examples/bulk-email/mail.backend';
import { customersChecksum } from '../../examples/data-migration/customer.checksum';
import { toCrmCustomer } from '../../examples/data-migration/customer.transform';
import { DataMigrationWorkflow, type MigrationReport } from '../../examples/data-migration/data-migration.workflow';
import { SourceDatabase } from '../../examples/data-migration/source.database';
import { TargetStore } from '../../examples/data-migration/target.store';
import { apiBatchExample, bulkEmailExample, dataMigrationExample, selectExamples } from '../../examples/example-catalog';
import { EXAMPLE_PROVIDERS } from '../../examples/examples.module';
import { UnknownExampleError } from '../../examples/unknown-example.error';
import { maxOpen } from '../support/history-window';
import { assertHistoriesReplay } from '../support/replay';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

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

describe('examples: bulk email, data migration, API batch (real Temporal)', () => {
  let stack: TestStack;
  let worker: WorkerApp;

  before(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, EXAMPLE_PROVIDERS);
  });

  after(async () => {
    await worker?.close();
    await stack?.stop();
  });

  it('bulk email: 100 recipients one at a time; exactly the 4 invalid addresses fail, with their reasons', async () => {
    const report = await worker.client.execute<BulkEmailReport>(BulkEmailWorkflow, bulkEmailExample.input);

    assert.equal(report.total, 100);
    assert.equal(report.sent, 96);
    assert.equal(report.failed, 4);
    assert.deepEqual(report.failures, [
      invalidAddress('customer-017@example', 'its domain "example" has no top-level domain such as ".com"'),
      invalidAddress('customer-042.example.com', 'it has no "@"'),
      invalidAddress('customer-058@exa mple.com', 'it contains whitespace'),
      invalidAddress('customer-083@@example.com', 'it has more than one "@"'),
    ]);
    const mail = worker.app.get(MailBackend);
    const expectedSent = Array.from({ length: 100 }, (_, index) => index + 1)
      .filter((number) => ![17, 42, 58, 83].includes(number))
      .map((number) => `customer-${String(number).padStart(3, '0')}@example.com`);
    assert.deepEqual(mail.sent.map((message) => message.to).sort(), expectedSent);
    assert.equal(mail.sends.peak, 1, 'the mail backend never had more than one send in flight');
  });

  it('data migration: 1,000 records, 10 writes at a time, verified by count and checksum', async () => {
    const handle = await worker.client.start<MigrationReport>(DataMigrationWorkflow, dataMigrationExample.input);
    const report = await handle.result();

    const expected = worker.app.get(SourceDatabase).customers().map(toCrmCustomer);
    assert.equal(expected.length, 1000);
    assert.deepEqual(
      { sourceCount: report.sourceCount, targetCount: report.targetCount, migrated: report.migrated, failed: report.failed, checksum: report.checksum },
      { sourceCount: 1000, targetCount: 1000, migrated: 1000, failed: 0, checksum: customersChecksum(expected) },
    );
    const target = worker.app.get(TargetStore);
    assert.deepEqual(
      target.customers().find((customer) => customer.legacyId === 5),
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
    // How many of the 10 open writes overlap inside the store depends on scheduling; that 10 are open is exact.
    const peak = target.writes.peak;
    assert.ok(peak >= 2 && peak <= 10, `the store ran writes in parallel, never more than 10 at once (saw ${peak})`);
    assert.equal(maxOpen((await handle.fetchHistory()).events!, 'activity', 'DataMigrationWorkflow.migrateRecord'), 10, 'the loop kept exactly 10 writes open');
  });

  it('data migration: verify fails the workflow when the target holds a row the source does not', async () => {
    const stray = { ...toCrmCustomer(worker.app.get(SourceDatabase).customers()[0]), id: 'cus_99999', legacyId: 99_999 };
    await worker.app.get(TargetStore).upsert(stray);

    const error = await worker.client.execute(DataMigrationWorkflow, dataMigrationExample.input).catch((failure: unknown) => failure);
    assert.ok(error instanceof WorkflowFailedError);
    assert.ok(error.cause instanceof ActivityFailure, 'the verify step failed');
    assert.match(
      error.cause.cause?.message ?? '',
      /^Migration verification failed: the target holds 1001 customers, the source 1000; the target's checksum [0-9a-f]{64} differs from the source's [0-9a-f]{64}\. Run the migration again/,
    );
  });

  it('API batch: 500 calls; attempts per call follow the failure plan, and 404s are never retried', async () => {
    const api = worker.app.get(OrdersApi);
    const callsBefore = api.totalCalls;
    const report = await worker.client.execute<ApiBatchReport>(ApiBatchWorkflow, apiBatchExample.input);

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
    assert.equal(api.totalCalls - callsBefore, 512, 'the API received exactly the attempts the loop reported');
    assert.ok(api.requests.peak <= 5, `at most 5 calls in flight, saw ${api.requests.peak}`);
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.equal(await assertHistoriesReplay(worker), 4);
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

  it('selects examples by name, all by default, and names the known ones for an unknown name', () => {
    assert.deepEqual(selectExamples([]).map((example) => example.name), ['bulk-email', 'data-migration', 'api-batch']);
    assert.deepEqual(selectExamples(['api-batch', 'bulk-email']).map((example) => example.name), ['bulk-email', 'api-batch']);
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

import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { WorkflowNotFoundError, type WorkflowExecutionStatusName } from '@temporalio/client';
import type { Notification } from 'pg';
import { ExecutionReconciler, ProgressSinkService, type WorkflowDescriber } from '../../src/persistence';
import { PROGRESS_CHANNEL } from '../../src/protocol';
import { executionFields, simulateLoop, T0 } from './progress-batches';
import { createTestDatabase, type TestDatabase } from './test-database';

let db: TestDatabase;
let sink: ProgressSinkService;
let reconciler: ExecutionReconciler;

beforeAll(async () => {
  db = await createTestDatabase('reconciler');
  sink = new ProgressSinkService(db.dataSource);
  reconciler = new ExecutionReconciler(db.dataSource);
});

afterAll(async () => {
  await db?.drop();
});

/** Temporal as far as the reconciler sees it: `describe()` of each workflow id's latest run. */
function fakeTemporal(statuses: Record<string, WorkflowExecutionStatusName | 'NOT_FOUND'>, closeTime: Date) {
  const described: string[] = [];
  const client: WorkflowDescriber = {
    workflow: {
      getHandle: (workflowId) => ({
        describe: async () => {
          described.push(workflowId);
          const name = statuses[workflowId];
          if (name === undefined || name === 'NOT_FOUND')
            throw new WorkflowNotFoundError(`Workflow ${workflowId} not found`, workflowId, undefined);
          return { status: { name }, closeTime: name === 'RUNNING' || name === 'CONTINUED_AS_NEW' ? undefined : closeTime };
        },
      }),
    },
  };
  return { client, described };
}

async function statusOf(workflowId: string) {
  const [row] = await db.dataSource.query(
    `SELECT status, closed_at, running, eta_seconds, completed, run_ids FROM executions WHERE workflow_id = $1`,
    [workflowId],
  );
  return row as {
    status: string;
    closed_at: Date | null;
    running: number;
    eta_seconds: number | null;
    completed: number;
    run_ids: string[];
  };
}

describe('ExecutionReconciler', () => {
  it("writes Temporal's final status of executions recorded as running", async () => {
    const closeTime = new Date('2026-03-01T09:30:00.000Z');
    for (const id of ['terminated', 'timed-out', 'cancelled', 'still-running', 'continued', 'unknown']) {
      // Half-way through a loop: the worker died, or the workflow was stopped, before a final batch.
      const { batches } = simulateLoop({ workflowId: id, total: 40, concurrency: 4 });
      for (const batch of batches.slice(0, 2)) await sink.record(batch);
    }
    const { batches: done } = simulateLoop({ workflowId: 'completed-normally', total: 10, concurrency: 2 });
    for (const batch of done) await sink.record(batch);

    const listener = await db.connect();
    const notified: Notification[] = [];
    listener.on('notification', (message) => notified.push(message));
    await listener.query(`LISTEN ${PROGRESS_CHANNEL}`);

    const { client, described } = fakeTemporal(
      {
        terminated: 'TERMINATED',
        'timed-out': 'TIMED_OUT',
        cancelled: 'CANCELLED',
        'still-running': 'RUNNING',
        continued: 'CONTINUED_AS_NEW',
        unknown: 'NOT_FOUND',
      },
      closeTime,
    );
    const result = await reconciler.reconcile(client, { concurrency: 2 });
    assert.deepEqual(result, { checked: 6, closed: 3, missing: ['unknown'] });
    assert.ok(!described.includes('completed-normally'), 'closed executions are not described');

    const terminated = await statusOf('terminated');
    assert.deepEqual(
      { ...terminated, run_ids: undefined },
      { status: 'terminated', closed_at: closeTime, running: 0, eta_seconds: null, completed: 20, run_ids: undefined },
    );
    assert.equal((await statusOf('timed-out')).status, 'timed_out');
    assert.equal((await statusOf('cancelled')).status, 'cancelled');
    for (const id of ['still-running', 'continued', 'unknown']) {
      assert.deepEqual([(await statusOf(id)).status, (await statusOf(id)).closed_at], ['running', null], id);
    }
    await listener.query('SELECT 1');
    const ids = notified.map((message) => (JSON.parse(message.payload!) as { id: string; status: string }).id).sort();
    assert.deepEqual(ids, ['cancelled', 'terminated', 'timed-out'], 'listeners learn of every closed execution');

    const again = await reconciler.reconcile(client);
    assert.deepEqual(again, { checked: 3, closed: 0, missing: ['unknown'] }, 'a second pass only looks at the ones still running');
  });

  it('keeps a closed status when a late batch of the same execution arrives', async () => {
    const { batches } = simulateLoop({ workflowId: 'late-batch', total: 40, concurrency: 4 });
    await sink.record(batches[0]);
    await reconciler.reconcile(fakeTemporal({ 'late-batch': 'TERMINATED' }, new Date('2026-03-01T09:00:00.000Z')).client);
    // An activity scheduled before the termination still delivers its batch afterwards.
    await sink.record(batches[1]);
    const row = await statusOf('late-batch');
    assert.equal(row.status, 'terminated');
    assert.equal(row.completed, 20);
  });

  it('records the run Temporal reports, and only checks rows left alone for long enough when asked', async () => {
    await sink.record(executionFields('quiet', 1, T0, T0));
    const closing: WorkflowDescriber = {
      workflow: { getHandle: () => ({ describe: async () => ({ status: { name: 'COMPLETED' }, closeTime: T0, runId: 'run-2' }) }) },
    };
    assert.equal((await reconciler.reconcile(closing, { notUpdatedForMs: 60_000 })).checked, 0, 'just written: not checked yet');
    const result = await reconciler.reconcile(closing, { notUpdatedForMs: 60_000, now: new Date(Date.now() + 120_000) });
    assert.ok(result.closed >= 1);
    const row = await statusOf('quiet');
    assert.deepEqual([row.status, row.run_ids], ['completed', ['run-1', 'run-2']]);
  });
});

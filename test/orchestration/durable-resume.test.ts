import { Client, Connection } from '@temporalio/client';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoopResult } from '../../libs/orchestration/src';
import { DURABLE_LOOP_WORKFLOW } from '../support/durable-loop.workflow';
import { useTestStack, type TestStack } from '../support/test-stack';
import { withDatabase } from '../support/with-database';

const WORKER_SCRIPT = join(__dirname, '..', 'support', 'durable-worker.main.js');

describe('durable resume after a worker is killed (real Temporal, worker in a child process)', () => {
  let stack: TestStack;
  let connection: Connection;
  const workers: ChildProcess[] = [];
  const taskQueue = `durable-${randomUUID()}`;
  const log = join(mkdtempSync(join(tmpdir(), 'baton-durable-')), 'items.log');

  function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--enable-source-maps', WORKER_SCRIPT], {
      env: { ...process.env, TEMPORAL_ADDRESS: stack.temporalAddress, TEMPORAL_NAMESPACE: stack.namespace, DATABASE_URL: stack.databaseUrl, BATON_TEST_TASK_QUEUE: taskQueue, BATON_TEST_LOG: log },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    workers.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
  }

  const loggedItems = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { item: number; pid: number });

  before(async () => {
    stack = await useTestStack();
    connection = await Connection.connect({ address: stack.temporalAddress });
  });

  after(async () => {
    for (const worker of workers) {
      worker.kill('SIGKILL');
    }
    await connection?.close();
    await stack?.stop();
  });

  it('finishes the loop on a new worker after SIGKILL, every item exactly once in the result', async () => {
    const first = await startWorker();
    const client = new Client({ connection, namespace: stack.namespace });
    const items = Array.from({ length: 40 }, (_, index) => index);
    const handle = await client.workflow.start(DURABLE_LOOP_WORKFLOW, { taskQueue, workflowId: `durable-${randomUUID()}`, args: [items] });

    while ((readFileSafe(log)?.split('\n').filter(Boolean).length ?? 0) < 8) {
      await sleep(50);
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const doneByFirst = loggedItems().length;
    assert.ok(doneByFirst < 40, 'the first worker died mid-loop');

    const second = await startWorker();
    const result = (await handle.result()) as LoopResult<{ item: number; pid: number }>;
    assert.equal(result.total, 40);
    assert.equal(result.succeeded, 40);
    assert.deepEqual(result.items.map((item) => item.result!.item), items, 'every item exactly once, in order');
    assert.ok(result.items.some((item) => item.result!.pid === second.pid), 'the new worker finished the remaining items');
    assert.ok(result.items.some((item) => item.result!.pid === first.pid), 'results of the killed worker were kept');

    // The recorded items are complete and unique too: one row per item, whichever worker ran it.
    const { rows } = await withDatabase(stack.databaseUrl, (database) =>
      database.query<{ rows: number; distinct: number; succeeded: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT item_index)::int AS distinct, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
           FROM execution_items WHERE execution_id = $1`,
        [handle.workflowId],
      ),
    );
    assert.deepEqual(rows[0], { rows: 40, distinct: 40, succeeded: 40 });
  });
});

function readFileSafe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

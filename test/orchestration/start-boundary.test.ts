import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { InvalidWorkflowInputError, ParallelLoop, Workflow, type LoopResult } from '@baton/orchestration';
import { useTestStack, type TestStack } from '../support/test-stack';
import { withDatabase } from '../support/with-database';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

@Workflow()
@Injectable()
class EchoNames {
  @ParallelLoop({ over: { input: 'names' }, concurrency: 2, concurrencyFrom: 'concurrency' })
  async echo(name: string): Promise<string> {
    return `hello ${name}`;
  }
}

/**
 * Inputs that pass a workflow's own checks and then could never finish (a NUL character PostgreSQL cannot store, an
 * input near Temporal's payload limit, a window Temporal cannot hold) are refused before a start; an execution
 * started around those checks (any Temporal client) still finishes, and is recorded as nearly as PostgreSQL allows.
 */
describe('the start boundary (real Temporal, real PostgreSQL)', () => {
  let stack: TestStack;
  let worker: WorkerApp;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [EchoNames]);
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  const query = <T extends object>(sql: string, parameters: unknown[]): Promise<T[]> =>
    withDatabase(stack.databaseUrl, async (database) => (await database.query<T>(sql, parameters)).rows);

  async function refusal(input: unknown, workflowId?: string): Promise<string[]> {
    const error = await worker.client.start(EchoNames, input, { workflowId }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof InvalidWorkflowInputError, `refused: ${String(error)}`);
    return [...error.problems];
  }

  it('refuses ids, strings and sizes that could not be carried to the end, naming the place and the fix', async () => {
    const since = new Date();
    assert.deepEqual(await refusal({ names: ['a'] }, 'bad\u0000id'), [
      'the workflow id "bad\\u0000id" must be 1 to 200 characters without control characters; leave it out to get a generated one',
    ]);
    assert.match((await refusal({ names: ['a'] }, 'x'.repeat(201)))[0], /must be 1 to 200 characters/);
    assert.deepEqual(await refusal({ names: ['ok', 'not\u0000ok'] }), [
      'input.names[1] contains a NUL character, which cannot be stored; remove it',
    ]);
    assert.deepEqual(await refusal({ names: [], ['key\u0000']: 1 }), [
      'a key of input contains a NUL character, which cannot be stored; remove it',
    ]);
    assert.deepEqual(await refusal({ names: ['x'.repeat(300 * 1024)] }), [
      'the input is 301 KiB of JSON, above the limit of 256 KiB; pass a reference instead (a path, a URL or a database id that the ' +
        'steps read)',
    ]);
    for (const concurrency of [2 ** 53, 1001]) {
      assert.deepEqual(await refusal({ names: ['a'], concurrency }), [
        `loop step "echo" reads its concurrency from the input property "concurrency", which must be an integer from 1 to 1000, but ` +
          `it is a number (${concurrency})`,
      ]);
    }
    const [started] = await query<{ count: number }>(
      `SELECT count(*)::int AS count FROM executions WHERE workflow_type = 'EchoNames' AND started_at >= $1`,
      [since],
    );
    assert.equal(started.count, 0, 'nothing was started');
  });

  it('finishes an execution whose input PostgreSQL cannot store, started by a plain Temporal client, and records it', async () => {
    const temporal = await worker.client.temporal();
    const workflowId = `nul-input-${Date.now()}`;
    const result = await temporal.workflow.execute<(input: unknown) => Promise<LoopResult<string>>>('EchoNames', {
      taskQueue: worker.taskQueue,
      workflowId,
      args: [{ names: ['plain', 'with\u0000nul'] }],
    });
    assert.equal(result.succeeded, 2);
    let row: { status: string; input: { names: string[] }; completed: number } | undefined;
    for (let attempt = 0; attempt < 100 && row?.status !== 'completed'; attempt++) {
      [row] = await query<NonNullable<typeof row>>('SELECT status, input, completed FROM executions WHERE workflow_id = $1', [workflowId]);
      if (row?.status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(row?.status, 'completed');
    assert.equal(row?.completed, 2);
    assert.deepEqual(row?.input.names, ['plain', 'with\uFFFDnul'], 'recorded with the NUL replaced');
    const [items] = await query<{ count: number }>('SELECT count(*)::int AS count FROM execution_items WHERE execution_id = $1', [
      workflowId,
    ]);
    assert.equal(items.count, 2, 'every item recorded once');
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 1);
  });
});

import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { promisify } from 'node:util';
import { DEFINITION_HASH_MEMO, DependsOn, ParallelLoop, Step, Workflow, WorkflowRegistry, type LoopResult } from '@baton/orchestration';
import { loadInfrastructureConfig } from '@baton/orchestration';
import { resolveTemporalCli } from '@baton/dev-stack';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

const run = promisify(execFile);

@Workflow({ name: 'order-totals' })
@Injectable()
class OrderTotalsWorkflow {
  @ParallelLoop({ over: { input: 'orders' }, concurrency: 3 })
  async price(order: { sku: string; quantity: number }): Promise<number> {
    return order.quantity * (order.sku.length * 10);
  }

  @DependsOn('price')
  @Step()
  async total(prices: LoopResult<number>): Promise<{ orders: number; total: number }> {
    return { orders: prices.total, total: prices.items.reduce((sum, item) => sum + (item.result ?? 0), 0) };
  }
}

describe('Temporal-native: any Temporal client starts a Baton workflow by type name (real Temporal, temporal CLI)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  let cli: string;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [OrderTotalsWorkflow]);
    const found = await resolveTemporalCli(loadInfrastructureConfig());
    assert.ok(found, 'the temporal CLI is available');
    cli = found;
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  it('runs with `temporal workflow execute --type` and plain JSON input, and records the definition hash in the memo', async () => {
    const workflowId = `cli-${randomUUID()}`;
    const input = {
      orders: [
        { sku: 'ab', quantity: 1 },
        { sku: 'abc', quantity: 2 },
        { sku: 'abcd', quantity: 3 },
      ],
    };
    const { stdout } = await run(cli, [
      'workflow',
      'execute',
      '--address',
      stack.temporalAddress,
      '--namespace',
      stack.namespace,
      '--type',
      'order-totals',
      '--task-queue',
      worker.taskQueue,
      '--workflow-id',
      workflowId,
      '--input',
      JSON.stringify(input),
      '--output',
      'json',
    ]);
    const { result } = JSON.parse(stdout) as { result: unknown };
    assert.deepEqual(result, { orders: 3, total: 20 + 60 + 120 });

    const temporal = await worker.client.temporal();
    const description = await temporal.workflow.getHandle(workflowId).describe();
    const definition = worker.get(WorkflowRegistry).get('order-totals');
    assert.equal(description.type, 'order-totals');
    assert.equal((await description.memo)?.[DEFINITION_HASH_MEMO], definition.hash);
  });

  it('answers the progress query with every loop counter once it finished', async () => {
    const handle = await worker.client.start(OrderTotalsWorkflow, {
      orders: [
        { sku: 'x', quantity: 1 },
        { sku: 'yy', quantity: 1 },
      ],
    });
    await handle.result();
    const progress = await worker.client.progress(handle.workflowId);
    assert.deepEqual(
      {
        total: progress.total,
        completed: progress.completed,
        failed: progress.failed,
        blocked: progress.blocked,
        running: progress.running,
      },
      { total: 2, completed: 2, failed: 0, blocked: 0, running: 0 },
    );
    assert.equal(progress.loops[0].step, 'price');
    assert.equal(progress.loops[0].concurrency, 3);
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 2);
  });
});

import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Step, Workflow, type ChildLoop, type LoopResult } from '@baton/orchestration';
import { maxOpen, windowSnapshots } from '@baton/testing';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

interface Shipment {
  id: string;
  weight: number;
}

@Workflow({ name: 'ShipOne' })
@Injectable()
class ShipOneWorkflow {
  @Step()
  async ship(shipment: Shipment): Promise<string> {
    await sleep(100 + (Number(shipment.id.slice(1)) % 3) * 60);
    return `shipped ${shipment.id} (${shipment.weight} kg)`;
  }
}

@Workflow()
@Injectable()
class ShipAllWorkflow {
  @ParallelLoop({ over: { input: 'shipments' }, concurrency: 4, key: 'id', child: ShipOneWorkflow, onItemError: 'continue' })
  readonly shipEach!: ChildLoop;
}

describe('child workflows under a window (real Temporal)', () => {
  let stack: TestStack;
  let worker: WorkerApp;

  beforeAll(async () => {
    stack = await useTestStack();
    worker = await startWorkerApp(stack, [ShipOneWorkflow, ShipAllWorkflow]);
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
  });

  it('runs each item as a child workflow, never more than 4 open, refilled in the same workflow task', async () => {
    const shipments = Array.from({ length: 14 }, (_, index) => ({ id: `s${index}`, weight: index + 1 }));
    const handle = await worker.client.start<LoopResult<string>>(ShipAllWorkflow, { shipments });
    const result = await handle.result();

    assert.equal(result.succeeded, 14);
    assert.deepEqual(
      result.items.map((item) => item.result),
      shipments.map((s) => `shipped ${s.id} (${s.weight} kg)`),
    );

    const { events } = await handle.fetchHistory();
    assert.equal(maxOpen(events!, 'child'), 4);
    for (const snapshot of windowSnapshots(events!, 'child')) {
      assert.equal(snapshot.open, Math.min(4, 14 - snapshot.closed), `after WorkflowTaskCompleted #${snapshot.eventId}`);
    }
    const temporal = await worker.client.temporal();
    // `<workflow id>/<step>/<key>#<first run id>`: nobody can claim it before the parent starts.
    const child = await temporal.workflow.getHandle(`${handle.workflowId}/shipEach/s3#${handle.firstExecutionRunId}`).describe();
    assert.equal(child.type, 'ShipOne');
    assert.equal(child.status.name, 'COMPLETED');
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 15);
  });
});

import { Injectable, type Type } from '@nestjs/common';
import { WorkflowFailedError } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { DependsOn, ParallelLoop, Step, Workflow, type LoopResult } from '@baton/orchestration';
import { rootMessage } from '@baton/orchestration';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

/** Items every version's loop has processed, in this process: the test stops a worker once a loop is under way. */
const processed: number[] = [];

async function processItem(item: number): Promise<number> {
  await sleep(250);
  processed.push(item);
  return item * 10;
}
const sum = (result: LoopResult<number>) => result.items.reduce((total, item) => total + (item.result ?? 0), 0);

/** Version 1 of "Evolving": a loop over the input, then summarize. */
function evolvingV1(): Type<unknown> {
  @Workflow({ name: 'Evolving' })
  @Injectable()
  class Evolving {
    @ParallelLoop({ over: { input: 'items' }, concurrency: 2 })
    process(item: number): Promise<number> {
      return processItem(item);
    }

    @DependsOn('process')
    @Step()
    async summarize(result: LoopResult<number>): Promise<{ version: string; sum: number }> {
      return { version: 'v1', sum: sum(result) };
    }
  }
  return Evolving;
}

/**
 * Version 2: a step added before the loop, summarize replaced by finish. `summarize` stays as a plain method (no
 * longer a step) while executions of version 1 drain; without it (`keepSummarize: false`) it is retired.
 */
function evolvingV2(keepSummarize: boolean): Type<unknown> {
  @Workflow({ name: 'Evolving' })
  @Injectable()
  class Evolving {
    @Step()
    async prepare(input: { items: number[] }): Promise<number[]> {
      return input.items.map((item) => item + 1);
    }

    @DependsOn('prepare')
    @ParallelLoop({ concurrency: 2 })
    process(item: number): Promise<number> {
      return processItem(item);
    }

    @DependsOn('process')
    @Step()
    async finish(result: LoopResult<number>): Promise<{ version: string; sum: number }> {
      return { version: 'v2', sum: sum(result) };
    }
  }
  if (keepSummarize) {
    Object.defineProperty(Evolving.prototype, 'summarize', {
      value: async (result: LoopResult<number>) => ({ version: 'v1', sum: sum(result) }),
    });
  }
  return Evolving;
}

/** Activity types a history scheduled, in order of first appearance. */
async function scheduledActivities(worker: WorkerApp, workflowId: string): Promise<string[]> {
  const { events } = await (await worker.client.temporal()).workflow.getHandle(workflowId).fetchHistory();
  return [...new Set(events!.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []))].filter((name) =>
    name.startsWith('Evolving.'),
  );
}

describe('executions finish on the definition they started with (real Temporal, real PostgreSQL)', () => {
  let stack: TestStack;
  const workers: WorkerApp[] = [];
  const items = [1, 2, 3, 4, 5, 6, 7, 8];

  beforeAll(async () => {
    stack = await useTestStack();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await stack?.stop();
  });

  async function worker(workflow: Type<unknown>, taskQueue: string): Promise<WorkerApp> {
    const app = await startWorkerApp(stack, [workflow], taskQueue);
    workers.push(app);
    return app;
  }

  /** Starts a version-1 execution and stops its worker once the loop is under way. */
  async function startOnV1AndStopWorker(taskQueue: string): Promise<string> {
    const v1 = await worker(evolvingV1(), taskQueue);
    const before = processed.length;
    const handle = await v1.client.start(evolvingV1(), { items });
    while (processed.length < before + 2) await sleep(20);
    await v1.close();
    return handle.workflowId;
  }

  const versionChangeTest =
    'a version-1 execution in flight when the worker changes to version 2 finishes with version 1’s steps; new executions run version 2';
  it(versionChangeTest, async () => {
    const taskQueue = `versions-${randomUUID()}`;
    const oldId = await startOnV1AndStopWorker(taskQueue);
    const v2 = await worker(evolvingV2(true), taskQueue);
    const newHandle = await v2.client.start<{ version: string; sum: number }>(evolvingV2(true), { items });

    const temporal = await v2.client.temporal();
    const oldResult = await temporal.workflow.getHandle(oldId).result();
    assert.deepEqual(oldResult, { version: 'v1', sum: items.reduce((total, item) => total + item * 10, 0) });
    assert.deepEqual(
      await scheduledActivities(v2, oldId),
      ['Evolving.process', 'Evolving.summarize'],
      'version 1’s shape: no prepare, summarize last',
    );

    assert.deepEqual(await newHandle.result(), { version: 'v2', sum: items.reduce((total, item) => total + (item + 1) * 10, 0) });
    assert.deepEqual(await scheduledActivities(v2, newHandle.workflowId), ['Evolving.prepare', 'Evolving.process', 'Evolving.finish']);

    assert.equal(await v2.assertReplays(), 2, 'both histories replay with the version-2 worker’s bundle');
    await v2.close();
  });

  it('a step whose method is gone fails with the step’s name and the fix, instead of hanging', async () => {
    const taskQueue = `versions-${randomUUID()}`;
    const oldId = await startOnV1AndStopWorker(taskQueue);
    const v3 = await worker(evolvingV2(false), taskQueue);

    const error = await (
      await v3.client.temporal()
    ).workflow
      .getHandle(oldId)
      .result()
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    assert.ok(error instanceof WorkflowFailedError, 'the execution failed');
    assert.match(
      rootMessage(error),
      new RegExp(
        /^Step "summarize" of workflow "Evolving" \(definition version \w+\) runs "Evolving\.summarize", /.source +
          /a method this worker's code no longer has\. Keep the method \(it need not be a @Step\(\) any more\) /.source +
          /until the executions started with that version have finished, or cancel them\.$/.source,
      ),
    );
    assert.equal(await v3.assertReplays(), 1);
  });
});

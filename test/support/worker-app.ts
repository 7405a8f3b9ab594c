import type { Provider } from '@nestjs/common';
import type { WorkerSettings } from '@baton/orchestration';
import { BatonTest, type BatonTestingModule } from '@baton/testing';
import type { TestStack } from './test-stack';

/** The suites' worker: the testing kit's module, against the test stack. */
export type WorkerApp = BatonTestingModule;

/**
 * A Baton testing module running workers for the given providers against the test stack, recording progress in the
 * stack's PostgreSQL as production does.
 */
export function startWorkerApp(
  stack: Pick<TestStack, 'temporalAddress' | 'namespace' | 'databaseUrl'>,
  providers: Provider[],
  /** Unique per app by default, so test files never share workers. */
  taskQueue?: string,
  /** Worker settings beyond the kit's defaults (e.g. `continueAsNewAfterEvents`). */
  worker: WorkerSettings = {},
): Promise<WorkerApp> {
  return BatonTest.createTestingModule(
    { providers },
    {
      temporal: { address: stack.temporalAddress, namespace: stack.namespace },
      persistence: { databaseUrl: stack.databaseUrl },
      taskQueue,
      worker,
    },
  ).compile();
}

/**
 * For suites whose workers ran in other processes: compiles the same workflows in this process, on the same task
 * queue, and replays its histories. Call it once every execution on the queue has closed.
 */
export async function assertTaskQueueReplays(stack: TestStack, providers: Provider[], taskQueue: string): Promise<number> {
  const worker = await startWorkerApp(stack, providers, taskQueue);
  try {
    return await worker.assertReplays();
  } finally {
    await worker.close();
  }
}

import { Module, type INestApplicationContext, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonClient, OrchestrationModule, type WorkerSettings } from '@baton/orchestration';
import type { TestStack } from './test-stack';

export interface WorkerApp {
  app: INestApplicationContext;
  client: BatonClient;
  /** The task queue this app's workflows run on, unique per app so test files never share workers. */
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * A Nest application context running Baton workers for the given providers against the test stack, recording
 * progress in the stack's PostgreSQL as production does.
 */
export async function startWorkerApp(
  stack: Pick<TestStack, 'temporalAddress' | 'namespace' | 'databaseUrl'>,
  providers: Provider[],
  taskQueue = `test-${randomUUID()}`,
  /** Worker settings beyond the tests' defaults (e.g. `continueAsNewAfterEvents`). */
  worker: Partial<WorkerSettings> = {},
): Promise<WorkerApp> {
  @Module({
    imports: [
      OrchestrationModule.forRoot({
        temporal: { address: stack.temporalAddress, namespace: stack.namespace },
        defaultTaskQueue: taskQueue,
        worker: { bundleCacheDir: join(tmpdir(), 'baton-test-bundles'), shutdownGraceTime: '1s', ...worker },
        persistence: { databaseUrl: stack.databaseUrl },
      }),
    ],
    providers,
  })
  class TestWorkerModule {}

  const app = await NestFactory.createApplicationContext(TestWorkerModule, { logger: ['error', 'warn'] });
  return { app, client: app.get(BatonClient), taskQueue, close: () => app.close() };
}

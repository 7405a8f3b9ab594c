import { Module, type DynamicModule, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonClient, OrchestrationModule } from '@baton/orchestration';
import type { TestStack } from '../support/test-stack';

export interface OpsHttpAppOptions {
  /** The modules under test. */
  imports: (Type<unknown> | DynamicModule)[];
  /** `@Workflow()` providers and what they need. */
  providers?: Provider[];
  /** Default task queue of the workflows; unique per app unless given. */
  taskQueue?: string;
  /** Run Baton workers in the app (default true). */
  worker?: boolean;
  /** Record executions in the stack's PostgreSQL (default true). */
  persistence?: boolean;
  /** Temporal frontend to use instead of the stack's. */
  temporalAddress?: string;
}

export interface OpsHttpApp {
  app: INestApplication;
  client: BatonClient;
  taskQueue: string;
  get(path: string): Promise<Response>;
  close(): Promise<void>;
}

/** A Nest HTTP application (Express) on a free local port, with OrchestrationModule pointed at the test stack. */
export async function startOpsHttpApp(
  stack: Pick<TestStack, 'temporalAddress' | 'namespace' | 'databaseUrl'>,
  options: OpsHttpAppOptions,
): Promise<OpsHttpApp> {
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;

  @Module({
    imports: [
      OrchestrationModule.forRoot({
        temporal: { address: options.temporalAddress ?? stack.temporalAddress, namespace: stack.namespace },
        defaultTaskQueue: taskQueue,
        worker: { enabled: options.worker ?? true, bundleCacheDir: join(tmpdir(), 'baton-test-bundles'), shutdownGraceTime: '1s' },
        ...(options.persistence === false ? {} : { persistence: { databaseUrl: stack.databaseUrl } }),
      }),
      ...options.imports,
    ],
    providers: options.providers ?? [],
  })
  class OpsTestModule {}

  const app = await NestFactory.create(OpsTestModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    client: app.get(BatonClient),
    taskQueue,
    get: (path) => fetch(`${url}${path}`),
    close: () => app.close(),
  };
}

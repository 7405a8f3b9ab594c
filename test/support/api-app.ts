import { Module, type INestApplication, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureApiApplication } from '../../apps/api/src/api.application';
import { ApiModule } from '../../apps/api/src/api.module';
import { apiOptionsFromEnvironment, type ApiOptions } from '../../apps/api/src/config/api-options';
import { BatonClient, OrchestrationModule } from '@baton/orchestration';
import type { TestStack } from './test-stack';

export interface ApiApp {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  app: INestApplication;
  client: BatonClient;
  taskQueue: string;
  close(): Promise<void>;
}

export interface ApiAppOptions extends Partial<ApiOptions> {
  /** `@Workflow()` providers (and what they need), served by a worker in the same app. */
  providers?: Provider[];
  /** Run the workers in this app (default true); false makes an API-only instance. */
  runWorker?: boolean;
  /** Share a task queue with another app (a second API instance over the same workers). */
  taskQueue?: string;
}

/** The GraphQL API and a worker for the given workflows, on the test stack, listening on a free local port. */
export async function startApiApp(
  stack: Pick<TestStack, 'temporalAddress' | 'namespace' | 'databaseUrl'>,
  options: ApiAppOptions = {},
): Promise<ApiApp> {
  const { providers = [], runWorker = true, taskQueue = `test-${randomUUID()}`, ...api } = options;
  @Module({
    imports: [
      OrchestrationModule.forRoot({
        temporal: { address: stack.temporalAddress, namespace: stack.namespace },
        defaultTaskQueue: taskQueue,
        worker: { enabled: runWorker, bundleCacheDir: join(tmpdir(), 'baton-test-bundles'), shutdownGraceTime: '1s' },
        persistence: { databaseUrl: stack.databaseUrl },
      }),
      ApiModule.forRoot({ ...apiOptionsFromEnvironment({}), graphiql: false, dashboard: false, ...api }),
    ],
    providers,
  })
  class TestApiModule {}

  const app = await NestFactory.create<NestExpressApplication>(TestApiModule, { logger: ['error', 'warn'] });
  configureApiApplication(app, { corsOrigins: api.corsOrigins ?? [], apiKey: api.apiKey });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, client: app.get(BatonClient), taskQueue, close: () => app.close() };
}

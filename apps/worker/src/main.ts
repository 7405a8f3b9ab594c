/**
 * Worker process (`npm run start:worker`): starts (or connects to) Temporal and PostgreSQL, then serves the
 * application's workflows (PackageBuilder; the examples belong to the demo, `npm start`) until SIGINT/SIGTERM, when
 * it drains the workers before stopping what it started; a second signal stops them at once.
 */
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProcessLifecycle } from '@baton/orchestration/process';
import { startInfrastructure } from '@baton/dev-stack';
import { BatonWorkerService, installTemporalRuntime } from '@baton/orchestration';
import { PackageBuilderModule } from '@baton/package-builder';
import { WorkerModule } from './worker.module';

async function bootstrap(lifecycle: ProcessLifecycle): Promise<void> {
  installTemporalRuntime();
  const infrastructure = await startInfrastructure();
  lifecycle.onStop(() => infrastructure.stop());
  const app = await NestFactory.createApplicationContext(WorkerModule.register(infrastructure, [PackageBuilderModule]));
  lifecycle.onStop(() => app.close());
  logger.log('Worker running. Press Ctrl-C to stop.');
  await app.get(BatonWorkerService).whenStopped();
  // Only a stop ends the workers without an error; anything else would leave a process that serves nothing.
  await lifecycle.exit('Every worker stopped on its own, so this process would serve nothing: stopping', 1);
}

const logger = new Logger('BatonWorker');
const lifecycle = new ProcessLifecycle(logger);
bootstrap(lifecycle).catch((error: unknown) => lifecycle.fail(error));

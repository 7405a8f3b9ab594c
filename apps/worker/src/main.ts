/**
 * Worker process: starts (or connects to) Temporal and PostgreSQL, then serves every Baton workflow until
 * SIGINT/SIGTERM, when it drains the workers before stopping what it started.
 */
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startInfrastructure } from '../../../libs/orchestration/src/infrastructure';
import { BatonWorkerService } from '../../../libs/orchestration/src';
import { installTemporalRuntime } from '../../../libs/orchestration/src/worker/temporal-runtime';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  installTemporalRuntime();
  const infrastructure = await startInfrastructure();
  const app = await NestFactory.createApplicationContext(WorkerModule.register(infrastructure)).catch(async (error: unknown) => {
    await infrastructure.stop();
    throw error;
  });
  const logger = new Logger('BatonWorker');
  logger.log('Worker running. Press Ctrl-C to stop.');

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      logger.log(`${signal} received: draining workers`);
      await app.close();
      await infrastructure.stop();
    })());
  process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)));

  await app.get(BatonWorkerService).whenStopped();
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * One benchmark worker process: `baton` serves BenchLoop through Baton, `baton-lazy` the same without eager activity
 * dispatch (no slots reserved for it), `baton-persisted` the same with progress
 * recorded in PostgreSQL (DATABASE_URL), `hand-written` the same loop written with the Temporal SDK alone. Separate
 * processes, so each one's memory can be read on its own.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { OrchestrationModule, installTemporalRuntime, workerTuning, type WorkerSettings } from '@baton/orchestration';
import { benchActivities } from './bench.activities';
import {
  BATON_BENCH_QUEUE,
  BenchLoopWorkflow,
  HAND_WRITTEN_BENCH_QUEUE,
  LAZY_BENCH_QUEUE,
  PERSISTED_BENCH_QUEUE,
} from './bench-loop.workflow';

/** What build-workspace asks for: 10 activity slots reserved per workflow task for eager dispatch. */
const EAGER_WORKER_SETTINGS: WorkerSettings = { maxEagerActivityReservationsPerWorkflowTask: 10 };

async function main(): Promise<void> {
  installTemporalRuntime();
  const address = process.env.TEMPORAL_ADDRESS!;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  let close: () => Promise<void>;
  if (process.argv[2] === 'hand-written') {
    const connection = await NativeConnection.connect({ address });
    const worker = await Worker.create({
      connection,
      namespace,
      taskQueue: HAND_WRITTEN_BENCH_QUEUE,
      workflowsPath: require.resolve('./hand-written-loop.workflow'),
      activities: benchActivities,
      // Exactly the options the eager Baton worker runs with.
      ...workerTuning(EAGER_WORKER_SETTINGS),
    });
    const running = worker.run();
    close = async () => {
      worker.shutdown();
      await running;
      await connection.close();
    };
  } else {
    const persisted = process.argv[2] === 'baton-persisted';
    const lazy = process.argv[2] === 'baton-lazy';
    @Module({
      imports: [
        OrchestrationModule.forRoot({
          temporal: { address, namespace },
          defaultTaskQueue: persisted ? PERSISTED_BENCH_QUEUE : lazy ? LAZY_BENCH_QUEUE : BATON_BENCH_QUEUE,
          worker: {
            bundleCacheDir: join(process.cwd(), '.baton', 'bundles'),
            // One worker per queue here: eager dispatch on (10 slots per workflow task) except for the 'lazy' comparison.
            ...EAGER_WORKER_SETTINGS,
            ...(lazy ? { maxEagerActivityReservationsPerWorkflowTask: 0 } : {}),
          },
          ...(persisted ? { persistence: { databaseUrl: process.env.DATABASE_URL! } } : {}),
        }),
      ],
      providers: [BenchLoopWorkflow],
    })
    class BenchWorkerModule {}
    const app = await NestFactory.createApplicationContext(BenchWorkerModule, { logger: ['error', 'warn'] });
    close = () => app.close();
  }
  process.stdout.write('bench worker ready\n');
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

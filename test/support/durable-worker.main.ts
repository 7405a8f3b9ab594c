/**
 * A worker in its own process for the durable-resume and lost-worker tests: the tests kill it with SIGKILL
 * mid-loop. Each finished item appends a line to BATON_TEST_LOG so the test sees progress from outside.
 */
import { DurableLoopWorkflow } from './durable-loop.workflow';
import { LostWorkerLoopWorkflow } from './lost-worker.workflow';
import { startWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const worker = await startWorkerApp(
    {
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
      databaseUrl: process.env.DATABASE_URL!,
    },
    [DurableLoopWorkflow, LostWorkerLoopWorkflow],
    process.env.BATON_TEST_TASK_QUEUE,
  );
  process.stdout.write('worker ready\n');
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

void main();

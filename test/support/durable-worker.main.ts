/**
 * A worker in its own process for the durable-resume test: the test kills it with SIGKILL mid-loop and starts
 * another one. Each finished item appends a line to BATON_TEST_LOG so the test sees progress from outside.
 */
import { DurableLoopWorkflow } from './durable-loop.workflow';
import { startWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const worker = await startWorkerApp(
    { temporalAddress: process.env.TEMPORAL_ADDRESS!, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', databaseUrl: process.env.DATABASE_URL! },
    [DurableLoopWorkflow],
    process.env.BATON_TEST_TASK_QUEUE,
  );
  process.stdout.write('worker ready\n');
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

void main();

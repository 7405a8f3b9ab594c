/**
 * A worker serving the examples in its own process, for the test that runs each example on two worker processes:
 * on BATON_TEST_TASK_QUEUE, against TEMPORAL_ADDRESS and DATABASE_URL, until SIGTERM.
 */
import { EXAMPLE_PROVIDERS } from '../../examples/examples.module';
import { startWorkerApp } from '../support/worker-app';

async function main(): Promise<void> {
  const worker = await startWorkerApp(
    { temporalAddress: process.env.TEMPORAL_ADDRESS!, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', databaseUrl: process.env.DATABASE_URL! },
    EXAMPLE_PROVIDERS,
    process.env.BATON_TEST_TASK_QUEUE,
  );
  process.stdout.write('worker ready\n');
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

void main();

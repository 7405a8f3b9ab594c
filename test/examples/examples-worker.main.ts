/**
 * A worker serving the examples in its own process, for the test that runs each example on two worker processes:
 * on BATON_TEST_TASK_QUEUE, against TEMPORAL_ADDRESS and DATABASE_URL, until SIGTERM.
 */
import { BatonTest } from '@baton/testing';
import { EXAMPLE_PROVIDERS } from '../../examples/examples.module';

async function main(): Promise<void> {
  const worker = await BatonTest.createTestingModule(
    { providers: EXAMPLE_PROVIDERS },
    { taskQueue: process.env.BATON_TEST_TASK_QUEUE },
  ).compile();
  process.stdout.write('worker ready\n');
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

void main();

/**
 * Starts a worker against TEMPORAL_ADDRESS (TEMPORAL_NAMESPACE, default "default") on TASK_QUEUE (default
 * "newsletter"), runs the newsletter workflow once through BatonClient, prints its report as JSON and exits.
 */
import { NestFactory } from '@nestjs/core';
import { BatonClient } from '@baton/orchestration';
import { AppModule } from './app.module';
import { NewsletterWorkflow, type NewsletterReport } from './newsletter.workflow';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (address === undefined) {
    throw new Error(
      'TEMPORAL_ADDRESS is unset: set it to the host:port of a Temporal server, e.g. `temporal server start-dev` → localhost:7233.',
    );
  }
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ address, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }, process.env.TASK_QUEUE ?? 'newsletter'),
    {
      logger: ['error', 'warn'],
    },
  );
  try {
    const report = await app.get(BatonClient).execute<NewsletterReport>(NewsletterWorkflow, {
      campaign: 'April',
      subscribers: ['ada@example.com', 'Grace@Example.com ', 'grace@example.com', 'linus@example.com'],
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

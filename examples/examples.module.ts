import { Module, type Provider } from '@nestjs/common';
import { ApiBatchWorkflow } from './api-batch/api-batch.workflow';
import { OrdersApi } from './api-batch/orders.api';
import { BulkEmailWorkflow } from './bulk-email/bulk-email.workflow';
import { MailBackend } from './bulk-email/mail.backend';
import { RecipientDirectory } from './bulk-email/recipient.directory';
import { DataMigrationWorkflow } from './data-migration/data-migration.workflow';
import { SourceDatabase } from './data-migration/source.database';
import { TargetStore } from './data-migration/target.store';
import { ExampleDatabase } from './example.database';

/**
 * The example workflows and the fake backends their constructors ask for. The backends keep their state in Baton's
 * PostgreSQL (`persistence.databaseUrl` of OrchestrationModule), so that any number of worker processes share it.
 */
export const EXAMPLE_PROVIDERS: Provider[] = [
  ExampleDatabase,
  RecipientDirectory,
  MailBackend,
  BulkEmailWorkflow,
  SourceDatabase,
  TargetStore,
  DataMigrationWorkflow,
  OrdersApi,
  ApiBatchWorkflow,
];

@Module({ providers: EXAMPLE_PROVIDERS })
export class ExamplesModule {}

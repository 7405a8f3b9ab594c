import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseUrlWithoutPassword } from '../config/infrastructure.config';
import { buildDataSourceOptions } from './data-source.options';
import { DefinitionVersionsService } from './definition-versions.service';
import { ExecutionQueryService } from './execution-query.service';
import { ExecutionReconciler } from './execution.reconciler';
import { runPendingMigrations } from './migration.runner';
import { BATON_DATA_SOURCE, PERSISTENCE_OPTIONS } from './persistence.constants';
import type { PersistenceModuleOptions } from './persistence-options';
import { validatePersistenceOptions } from './persistence-options.validator';
import { ProgressSinkService } from './progress-sink.service';
import { RetentionService } from './retention.service';

const SERVICES = [ProgressSinkService, DefinitionVersionsService, ExecutionQueryService, ExecutionReconciler, RetentionService];

/**
 * Baton's PostgreSQL record of executions: opens its own TypeORM data source (under `BATON_DATA_SOURCE`, so it never
 * clashes with the application's TypeORM setup), runs pending migrations at boot, and provides the progress sink, the
 * queries, the reconciler and retention. Global: import it once, in the root module.
 */
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: PERSISTENCE_OPTIONS, useValue: options },
        { provide: BATON_DATA_SOURCE, useFactory: openDataSource, inject: [PERSISTENCE_OPTIONS] },
        ...SERVICES,
      ],
      exports: [BATON_DATA_SOURCE, ...SERVICES],
    };
  }

  /** After every `beforeApplicationShutdown` (retention's last purge included), so nothing still needs a connection. */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

async function openDataSource(options: PersistenceModuleOptions): Promise<DataSource> {
  validatePersistenceOptions(options);
  const logger = new Logger('BatonPersistence');
  const dataSource = new DataSource(buildDataSourceOptions(options));
  await dataSource.initialize();
  try {
    const migrations = await runPendingMigrations(dataSource);
    const where = databaseUrlWithoutPassword(options.databaseUrl);
    logger.log(migrations.length === 0 ? `Database ${where} is up to date` : `Migrated database ${where}: ${migrations.join(', ')}`);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

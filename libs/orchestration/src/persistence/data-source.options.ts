import type { DataSourceOptions, Logger } from 'typeorm';
import { BuildReportEntity } from './entities/build-report.entity';
import { ExecutionItemEntity } from './entities/execution-item.entity';
import { ExecutionEntity } from './entities/execution.entity';
import { WorkflowDefinitionEntity } from './entities/workflow-definition.entity';
import { CreateExecutionTables1795265700000 } from './migrations/1795265700000-create-execution-tables';
import { AddItemSearchIndex1795265800000 } from './migrations/1795265800000-add-item-search-index';
import { AddItemSequence1795265900000 } from './migrations/1795265900000-add-item-sequence';
import { AddExecutionParent1795266000000 } from './migrations/1795266000000-add-execution-parent';

export const PERSISTENCE_ENTITIES = [WorkflowDefinitionEntity, ExecutionEntity, ExecutionItemEntity, BuildReportEntity];

/** In the order they run. Classes, not globs, so they load the same from sources, compiled output or a bundle. */
export const PERSISTENCE_MIGRATIONS = [
  CreateExecutionTables1795265700000,
  AddItemSearchIndex1795265800000,
  AddItemSequence1795265900000,
  AddExecutionParent1795266000000,
];

/** Baton's own, so that it never mixes with the migrations of an application's TypeORM setup in the same database. */
export const MIGRATIONS_TABLE = 'baton_migrations';

export interface DataSourceSettings {
  /** `postgres://user:password@host:port/database`. */
  databaseUrl: string;
  /** Connections in the pool; node-postgres' default (10) when omitted. */
  poolSize?: number;
  logger?: Logger;
}

/** Baton's TypeORM data source: PostgreSQL, its entities and migrations, and never `synchronize`. */
export function buildDataSourceOptions({ databaseUrl, poolSize, logger }: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    applicationName: 'baton',
    entities: PERSISTENCE_ENTITIES,
    migrations: PERSISTENCE_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    // The schema is what the hand-written migrations say, and nothing else.
    synchronize: false,
    migrationsRun: false,
    poolSize,
    logger,
  };
}

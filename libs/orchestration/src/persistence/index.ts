export { PersistenceModule } from './persistence.module';
export type { PersistenceModuleOptions, RetentionOptions } from './persistence-options';
export { BATON_DATA_SOURCE } from './persistence.constants';
export { ProgressSinkService } from './progress-sink.service';
export { DefinitionVersionsService } from './definition-versions.service';
export { ExecutionQueryService, type ExecutionSummary, type ListExecutionsFilter, type ListItemsFilter } from './execution-query.service';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Connection, type Edge } from './page.cursor';
export {
  ExecutionReconciler,
  type ReconcileOptions,
  type ReconcileResult,
  type WorkflowDescriber,
  type WorkflowDescription,
} from './execution.reconciler';
export { RetentionService } from './retention.service';
export { isPaused, parseProgressNotification } from './progress.notification';
export * from './events';
export {
  buildDataSourceOptions,
  MIGRATIONS_TABLE,
  PERSISTENCE_ENTITIES,
  PERSISTENCE_MIGRATIONS,
  type DataSourceSettings,
} from './data-source.options';
export { runPendingMigrations } from './migration.runner';
export { ExecutionEntity, type LoopsByStep } from './entities/execution.entity';
export { ExecutionItemEntity } from './entities/execution-item.entity';
export { BuildReportEntity } from './entities/build-report.entity';
export { WorkflowDefinitionEntity } from './entities/workflow-definition.entity';
export { ExecutionNotRecordedError } from './errors/execution-not-recorded.error';
export { InvalidPageRequestError } from './errors/invalid-page-request.error';
export { InvalidPersistenceOptionsError } from './errors/invalid-persistence-options.error';

export * from './decorators/workflow.decorator';
export * from './decorators/step.decorator';
export * from './decorators/depends-on.decorator';
export * from './decorators/parallel-loop.decorator';
export * from './decorators/validate-input.decorator';
export type { RetryOptions } from './decorators/retry-options';
export type * from './definition/workflow-definition';
export type { LoopContext, ItemResult, LoopResult, ItemStatus, ExecutionProgress, LoopProgress, ExecutionStatus } from './protocol';
export { DEFINITION_HASH_MEMO } from './protocol';
export { CONCURRENCY_RULE, isValidConcurrency, MAX_CONCURRENCY } from './definition/concurrency';
export { describeValue } from './definition/describe-value';
export * from './errors/invalid-workflow-definition.error';
export * from './errors/workflow-not-found.error';
export * from './errors/invalid-workflow-input.error';
export * from './errors/invalid-orchestration-options.error';
export * from './errors/decorator-target.error';
export * from './errors/invalid-concurrency.error';
export { BatonClient, type StartOptions } from './client/baton.client';
export { nulCharacterPath } from './client/start-request.limits';
export { WorkflowRegistry } from './discovery/workflow.registry';
export { BatonWorkerService } from './worker/baton-worker.service';
export { workerTuning, type WorkerTuning } from './worker/worker-tuning';
export { OrchestrationModule } from './orchestration.module';
export type * from './orchestration-options';
export { progressQuery } from './runtime/progress.query';
export { graphQuery } from './runtime/graph.query';
export type { ExecutionGraphSnapshot, GraphNodeStatus, ConcurrencyChange } from './protocol';
export { rootMessage } from './runtime/failure-details';
export { pauseSignal, resumeSignal, setConcurrencyUpdate } from './runtime/execution-control';
export { PersistenceModule, ProgressSinkService, ExecutionQueryService, ExecutionReconciler, RetentionService } from './persistence';
export type { ProgressBatch, LoopBatch } from './protocol';
export { installTemporalRuntime, temporalMetricsAddress, findFreeTemporalMetricsAddress } from './worker/temporal-runtime';
export {
  INFRASTRUCTURE_VARIABLES,
  databaseUrlWithoutPassword,
  loadInfrastructureConfig,
  type DatabaseConfig,
  type InfrastructureConfig,
  type InfrastructureVariable,
  type InfrastructureVariableName,
  type TemporalConfig,
  type TemporalTlsConfig,
} from './config/infrastructure.config';
export { buildTemporalConnectionOptions, type TemporalConnectionOptions } from './config/temporal-connection.options';
export { orchestrationOptionsFor, type RunningServers } from './config/orchestration-options.factory';
export { BATON_HOME, batonHome } from './config/baton-home';
export { userCacheFolder } from './config/user-cache-folder';
export { InfrastructureConfigError } from './errors/infrastructure-config.error';
export { errorMessage, isError } from './errors/error-message';

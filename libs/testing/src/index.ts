/** Testing kit for Baton workflows: a Nest testing module running them on a real Temporal worker, with history assertions. */
export { BatonTest } from './baton-test';
export type { BatonTestOptions } from './baton-test.options';
export { BatonTestingModuleBuilder, type BatonOverrideBy } from './baton-testing-module.builder';
export { BatonTestingModule, type ExecutionRef, type WorkflowRef } from './baton-testing-module';
export { expectExactWindow, type ExactWindowOptions, type WindowWork } from './window.assertion';
export {
  dependencyWindowSnapshots,
  maxOpen,
  windowSnapshots,
  type DependencyWindowSnapshot,
  type HistoryEvent,
  type WindowSnapshot,
  type WorkKind,
} from './history-window';
export { assertTaskQueueReplays } from './replay.assertion';
export { TemporalCliMissingError } from './errors/temporal-cli-missing.error';

/** Metadata keys written by the decorators and read only by `OrchestrationMetadataAccessor`. */
export const WORKFLOW_METADATA = 'baton:workflow';
export const STEP_METADATA = 'baton:step';
export const PARALLEL_LOOP_METADATA = 'baton:parallel-loop';
export const DEPENDS_ON_METADATA = 'baton:depends-on';
export const VALIDATE_INPUT_METADATA = 'baton:validate-input';
/**
 * On a class prototype: the members that `@Step()`, `@ParallelLoop()` and `@DependsOn()` decorate, in declaration
 * order, methods and properties (loops of child workflows, which no method scan finds) alike.
 */
export const STEP_MEMBERS_METADATA = 'baton:step-members';

/** Task queue used when `@Workflow()` does not name one. */
export const DEFAULT_TASK_QUEUE = 'baton';

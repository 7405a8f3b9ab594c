/**
 * Sandbox entry: the only module the generated workflow bundle imports. Everything behind it (runtime/,
 * definition/) is deterministic and free of Node built-ins, Nest and reflect-metadata.
 */
import type { WorkflowDefinition } from './definition/workflow-definition';
import { interpretWorkflow, type InterpreterOptions } from './runtime/workflow-interpreter';

export { progressQuery } from './runtime/progress.query';

/** A Temporal workflow function bound to one definition. */
export function defineBatonWorkflow(definition: WorkflowDefinition, options: InterpreterOptions = {}): (input?: unknown) => Promise<unknown> {
  return (input?: unknown) => interpretWorkflow(definition, input, options);
}

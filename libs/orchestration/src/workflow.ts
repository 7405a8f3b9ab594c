/**
 * Sandbox entry: the only module the generated workflow bundle imports. Everything behind it (runtime/,
 * definition/) is deterministic and free of Node built-ins, Nest and reflect-metadata.
 */
import type { WorkflowDefinition } from './definition/workflow-definition';
import type { Continuation } from './runtime/continuation';
import { interpretWorkflow, type InterpreterOptions } from './runtime/workflow-interpreter';

export { progressQuery } from './runtime/progress.query';

/**
 * A Temporal workflow function bound to one definition. Clients pass only the input; the second argument is the
 * state a run hands to the next when it continues as new.
 */
export function defineBatonWorkflow(
  definition: WorkflowDefinition,
  options: InterpreterOptions = {},
): (input?: unknown, continuation?: Continuation) => Promise<unknown> {
  return (input?: unknown, continuation?: Continuation) => interpretWorkflow(definition, input, options, continuation);
}

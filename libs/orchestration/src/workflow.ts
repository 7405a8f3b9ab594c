/**
 * Sandbox entry: the only module the generated workflow bundle imports. Everything behind it (runtime/,
 * definition/, protocol/) is deterministic and free of Node built-ins, Nest and reflect-metadata.
 */
import type { WorkflowDefinition } from './definition/workflow-definition';
import type { Continuation } from './protocol';
import { definitionForRun } from './runtime/definition-version';
import { interpretWorkflow, type InterpreterOptions } from './runtime/workflow-interpreter';

export { progressQuery } from './runtime/progress.query';

/**
 * A Temporal workflow function bound to one workflow type: its current definition, and the earlier versions that
 * executions still running may have started with (each run interprets the version it started with). Clients pass
 * only the input; the second argument is the state a run hands to the next when it continues as new.
 */
export function defineBatonWorkflow(
  current: WorkflowDefinition,
  options: InterpreterOptions = {},
  earlier: readonly WorkflowDefinition[] = [],
): (input?: unknown, continuation?: Continuation) => Promise<unknown> {
  const versions = new Map([current, ...earlier].map((definition) => [definition.hash, definition]));
  return (input?: unknown, continuation?: Continuation) =>
    interpretWorkflow(definitionForRun(versions, current, continuation), input, options, continuation);
}

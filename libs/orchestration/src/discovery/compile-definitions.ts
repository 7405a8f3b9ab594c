import { buildDefinition } from '../definition/build-definition';
import { validateDeclarations } from '../definition/definition.validator';
import type { WorkflowDeclaration } from '../definition/workflow-declaration';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { InvalidWorkflowDefinitionError } from '../errors/invalid-workflow-definition.error';
import { withHash } from './definition-hash';

/**
 * Declarations → validated, hashed IR; throws one error listing every problem, those discovery found
 * (`discoveryProblems`) included.
 */
export function compileDefinitions(
  declarations: readonly WorkflowDeclaration[],
  defaultTaskQueue: string,
  discoveryProblems: readonly string[] = [],
): WorkflowDefinition[] {
  const problems = [...discoveryProblems, ...validateDeclarations(declarations)];
  if (problems.length > 0) {
    throw new InvalidWorkflowDefinitionError(problems);
  }
  return declarations.map((declaration) => withHash(buildDefinition(declaration, defaultTaskQueue)));
}

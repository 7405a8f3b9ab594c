import { describeValue } from './definition/describe-value';
import { invalidConcurrency, ONE_AT_A_TIME_FIX } from './runtime/runtime.messages';

/**
 * Messages of the Nest-side errors of @baton/orchestration, one builder each: the error classes call them. Messages
 * the workflow sandbox needs too live in `runtime/runtime.messages.ts`.
 */

function listed(problems: readonly string[]): string {
  return problems.map((problem) => `  - ${problem}`).join('\n');
}

export function decoratorTargetMessage(decorator: string, className: string, member: string | undefined, expected: string): string {
  const found = member === undefined ? `the class "${className}"` : `the property "${className}#${member}"`;
  return `${decorator} must decorate ${expected} of a @Workflow() class, but it was applied to ${found}. Move it onto a method.`;
}

export function invalidConcurrencyChangeMessage(workflowId: string, concurrency: unknown): string {
  return `Cannot change the concurrency of execution "${workflowId}": ${invalidConcurrency(concurrency)}. ${ONE_AT_A_TIME_FIX}`;
}

export function invalidOrchestrationOptionsMessage(problems: readonly string[]): string {
  return `OrchestrationModule.forRoot() received invalid options:\n${listed(problems)}`;
}

export function optionBelowMinimum(path: string, value: unknown, minimum: number, unit: string): string {
  return `"${path}" must be an integer ${unit}from ${minimum} and up, but got ${describeValue(value)}.`;
}

export function invalidWorkflowDefinitionMessage(problems: readonly string[]): string {
  return `Baton found ${problems.length} problem${problems.length === 1 ? '' : 's'} in the workflow declarations:\n${listed(problems)}`;
}

export function invalidWorkflowInputMessage(workflow: string, problems: readonly string[]): string {
  return `Invalid input for workflow "${workflow}": ${problems.join('; ')}.`;
}

export function workflowNotFoundMessage(name: string, known: readonly string[]): string {
  return (
    `No workflow is named "${name}". Known workflows: ${known.map((type) => `"${type}"`).join(', ') || 'none'}. ` +
    `Check the name, or add @Workflow() to the class and register it as a provider.`
  );
}

export function invalidPersistenceOptionsMessage(problems: readonly string[]): string {
  return `Invalid persistence options (OrchestrationModule.forRoot({ persistence }) or PersistenceModule.forRoot()):\n${listed(problems)}`;
}

export function executionNotRecordedMessage(workflowId: string, what: string): string {
  return (
    `Cannot record the ${what} of execution "${workflowId}": no progress batch of it has been recorded, so the database has no row ` +
    `for it. ` +
    "Record the execution's progress first (the progress sink does so from its first batch), and check the workflow id."
  );
}

import { describeValue } from '@baton/orchestration';
import { MAX_EXECUTION_ID_LENGTH } from './graphql/execution-id';

/** Messages of the API's user-facing errors, one builder each: the error classes, filters and option checks call them. */

export function executionClosedMessage(executionId: string, status: string, action: string): string {
  return (
    `The execution "${executionId}" is ${status.toLowerCase()}: only a running execution can be ${action}. Start a new one with ` +
    `startWorkflow.`
  );
}

export function executionNotFoundMessage(executionId: string): string {
  return `No execution has the id "${executionId}". Use the id that startWorkflow returned, or list them with the executions query.`;
}

export function executionAlreadyExistsMessage(workflowId: string): string {
  return `An execution with the id "${workflowId}" already exists. Choose another id, or omit it to get a new one.`;
}

export function internalWorkflowMessage(workflow: string, startedBy: readonly string[]): string {
  return (
    `The workflow "${workflow}" is internal: it is started by its parent workflow, not through the API. ` +
    (startedBy.length > 0
      ? `Start ${startedBy.map((parent) => `"${parent}"`).join(' or ')} instead.`
      : 'Start the workflow that runs it instead.')
  );
}

export function invalidExecutionIdMessage(id: string): string {
  return (
    `The id ${id.trim() === '' ? 'is empty' : `has ${id.length} characters`}: an execution id has 1 to ${MAX_EXECUTION_ID_LENGTH} ` +
    `characters, ` +
    'not all spaces. Choose another id, or omit it to get a new one.'
  );
}

/** `HealthModule.forRoot` and `MetricsModule.forRoot` take their timeouts in milliseconds. */
export function positiveMillisecondsMessage(module: string, option: string, value: unknown): string {
  return `${module}.forRoot: \`${option}\` must be a positive number of milliseconds, but it is ${describeValue(value)}.`;
}

export function invalidVariableMessage(variable: string, value: string, expected: string): string {
  return `${variable} must be ${expected}, but it is "${value}". Fix or unset it.`;
}

export function portInUseMessage(port: number, host: string): string {
  return (
    `PORT is ${port}, but another program already listens on ${host}:${port}. ` +
    `Stop that program (\`ss -ltnp 'sport = :${port}'\` names it; it may be an earlier Baton still running), or set PORT to a free port.`
  );
}

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

export function retiredStepMessage(step: string, workflow: string, hash: string, activityType: string): string {
  return (
    `Step "${step}" of workflow "${workflow}" (definition version ${hash}) runs "${activityType}", a method this worker's code ` +
    `no longer has. ` +
    'Keep the method (it need not be a @Step() any more) until the executions started with that version have finished, or ' +
    'cancel them.'
  );
}

export function invalidPortMessage(variable: string, value: string): string {
  return (
    `${variable} must be a TCP port number from 1 to 65535, but got "${value}". ` +
    'Set it to a free port, or unset it to let Baton pick one.'
  );
}

export function invalidTemporalAddressMessage(value: string): string {
  return (
    `TEMPORAL_ADDRESS must be host:port, such as localhost:7233 or my-namespace.a1b2c.tmprl.cloud:7233, but got "${value}". ` +
    'Remove any scheme or path and add the port, or unset TEMPORAL_ADDRESS to start an embedded Temporal server.'
  );
}

export function invalidTemporalTlsMessage(value: string): string {
  return (
    `TEMPORAL_TLS must be "true" or "false", but got "${value}". Use "true" to connect with TLS, "false" to connect without it, ` +
    'or unset it to use TLS only when a TEMPORAL_TLS_* file or TEMPORAL_API_KEY is set.'
  );
}

export function tlsDisabledButSetMessage(setting: string): string {
  return (
    `TEMPORAL_TLS is "false", but ${setting} is set. ` +
    `Unset TEMPORAL_TLS to connect with TLS, or unset ${setting} to connect without it.`
  );
}

export function mtlsHalfSetMessage(missing: string, present: string): string {
  return `${missing} must be set together with ${present} for mTLS, but only ${present} is set. Set ${missing} too, or unset ${present}.`;
}

export function unreadableTlsFileMessage(variable: string, path: string, reason: string): string {
  return (
    `${variable} must be the path of a readable PEM file, but "${path}" could not be read (${reason}). Fix the path or the file's ` +
    `permissions, or unset ${variable}.`
  );
}

/** The value is not echoed: a URL that fails to parse may still contain a password. */
export const UNPARSABLE_DATABASE_URL_MESSAGE =
  'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@localhost:5432/baton, but it could not be parsed ' +
  '(value not shown, as it may contain a password). Fix it (percent-encode special characters in the password), ' +
  'or unset DATABASE_URL to start an embedded PostgreSQL.';

/** `url`: the URL with its password removed. */
export function notPostgresDatabaseUrlMessage(url: string): string {
  return (
    `DATABASE_URL must start with postgres:// or postgresql://, but got "${url}" (password hidden). ` +
    'Point it at a PostgreSQL server, or unset DATABASE_URL to start an embedded PostgreSQL.'
  );
}

export function invalidTemporalLogLevelMessage(levels: readonly string[], value: string | undefined): string {
  return `BATON_TEMPORAL_LOG_LEVEL must be one of ${levels.join(', ')}, but it is "${value}".`;
}

export function invalidMetricsAddressMessage(value: string): string {
  return (
    `BATON_TEMPORAL_METRICS_ADDRESS must be an IP address and port such as 127.0.0.1:9464 or [::1]:9464, but it is "${value}". ` +
    'Use 0.0.0.0:<port> to serve on every interface.'
  );
}

export function notACursorMessage(cursor: string): string {
  return (
    `"after" is not a cursor of this list: "${cursor}". ` +
    `Pass the endCursor (or an edge's cursor) of a previous page, or omit "after" to start at the first page.`
  );
}

export function invalidPageSizeMessage(first: number, maximum: number): string {
  return (
    `"first" must be an integer from 1 to ${maximum}, but got ${first}. Ask for fewer rows and follow pageInfo.endCursor for ` + `the rest.`
  );
}

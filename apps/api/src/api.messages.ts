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

export function tooManyMutationsMessage(mutations: number, limit: number): string {
  return (
    `The operation runs ${mutations} mutations, above the limit of ${limit} per operation. ` +
    'Send each mutation in its own request (the limit is BATON_MAX_MUTATIONS).'
  );
}

export function tooManyRootFieldsMessage(fields: number, limit: number): string {
  return (
    `The operation selects ${fields} top-level fields, above the limit of ${limit}. ` +
    'Split it into several operations (the limit is BATON_MAX_ROOT_FIELDS).'
  );
}

export function tooManyAliasesMessage(aliases: number, limit: number): string {
  return (
    `The operation has ${aliases} aliased fields, above the limit of ${limit}. ` +
    'Ask for each field once, or split the operation (the limit is BATON_MAX_ALIASES).'
  );
}

/** `depthError`: graphql-depth-limit's own message, which names the operation and its depth. */
export function queryTooDeepMessage(depthError: string): string {
  return `${depthError}. Ask for fewer nested levels (the limit is BATON_MAX_QUERY_DEPTH).`;
}

export function queryTooComplexMessage(complexity: number, limit: number): string {
  return (
    `The operation has a complexity of ${complexity}, above the limit of ${limit}. ` +
    'Ask for smaller pages (first), fewer fields or less introspection (the limit is BATON_MAX_QUERY_COMPLEXITY).'
  );
}

export const NUL_IN_OPERATION = 'A string in the operation';

/** Where a variable holds the NUL character: `path` is `$name`, or a path inside it such as `$input.items[2]`. */
export function nulInVariable(name: string, path: string): string {
  return path === `$${name}` ? `The variable "$${name}"` : `The variable "$${name}" (at ${path})`;
}

/** `holder`: {@link NUL_IN_OPERATION} or {@link nulInVariable}. */
export function nulCharacterMessage(holder: string): string {
  return `${holder} holds the NUL character (\\u0000), which Baton cannot store. Remove it.`;
}

/** The refusal a browser page on another origin gets, over HTTP and on the WebSocket upgrade. */
export function originRefusal(origin: string): string {
  return (
    `Requests from the origin ${JSON.stringify(origin)} are refused: this API serves pages of its own origin only. Add the ` +
    `origin to BATON_CORS_ORIGINS to allow it.`
  );
}

export function hostRefusal(host: string | undefined): string {
  return (
    `Requests for the host ${JSON.stringify(host)} are refused: without BATON_API_KEY this API answers only to localhost, ` +
    'IP addresses and the hosts of BATON_CORS_ORIGINS. Set BATON_API_KEY, or add the origin you serve it under to BATON_CORS_ORIGINS.'
  );
}

export const API_KEY_REQUIRED = 'This API needs a key: send it in the x-api-key header (or as a Bearer token).';

export function noWebSocketEndpointMessage(graphqlPath: string): string {
  return `No WebSocket endpoint here: subscriptions are served at ${graphqlPath}.`;
}

export function tooManyWebSocketsMessage(limit: number): string {
  return `The API holds ${limit} WebSocket connections, its limit: retry later, or raise BATON_MAX_WS_CONNECTIONS.`;
}

/** `running`: the operations the socket runs besides the one refused. */
export function tooManySocketOperationsMessage(running: number): string {
  return (
    `This WebSocket already runs ${running} operations, the limit per socket: complete one first, or open another ` +
    `connection (the limit is BATON_MAX_SUBSCRIPTIONS_PER_SOCKET).`
  );
}

export function webBundleUnusableMessage(dir: string, reason: string): string {
  return (
    `The browser pages' bundle (GraphiQL, dashboard) in ${dir} is unusable (${reason}). Run \`npm run build\` (or \`node ` +
    `tools/build-web.mjs\`) and reload.`
  );
}

export function noWebAssetMessage(file: string): string {
  return `No asset named ${JSON.stringify(file)} in the browser bundle.`;
}

export const PERSISTENCE_NOT_CONFIGURED = 'Persistence is not configured: OrchestrationModule.forRoot has no `persistence`.';

export function noPollersMessage(queues: readonly string[], maxAgeMs: number): string {
  return (
    `No worker polled task queue ${queues.map((name) => `"${name}"`).join(', ')} in the ` +
    `last ${Math.round(maxAgeMs / 1000)} s: ` +
    'start a Baton worker (apps/worker, or OrchestrationModule with workers enabled) that serves those workflows.'
  );
}

export function noPackageLogMessage(executionId: string, packageName: string): string {
  return (
    `The execution "${executionId}" has no log for a package named "${packageName}": only packages its build report lists ` +
    'with a `logPath` (those that ran) have one. Take the package name from the report.'
  );
}

export function logOutsideRootsMessage(packageName: string, roots: string): string {
  return (
    `The log of "${packageName}" is not where PackageBuilder writes logs inside an allowed workspace (${roots}). ` +
    'Read it on the worker, or add its workspace to BATON_WORKSPACE_ROOTS of the API.'
  );
}

export function logThroughLinkMessage(packageName: string, path: string): string {
  return (
    `The log of "${packageName}" ("${path}") is reached through a symbolic link or is not a plain file, so the API does not serve ` +
    "it. Replace the links under the workspace's .baton folder with real folders."
  );
}

export function logNotOnThisMachineMessage(packageName: string, path: string): string {
  return (
    `The log of "${packageName}" ("${path}") is not on the API's machine: it is on the machine of the worker that built the ` +
    'package (or was deleted). Read it there, or run the API next to the worker.'
  );
}

export function unauthorizedLogMessage(): string {
  return 'This API requires its key: send it in the `x-api-key` header or as `Authorization: Bearer <key>` (BATON_API_KEY).';
}

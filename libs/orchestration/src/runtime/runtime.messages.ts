import { CONCURRENCY_RULE } from '../definition/concurrency';
import { describeValue } from '../definition/describe-value';
import type { LoopDefinition } from '../definition/workflow-definition';

/**
 * Messages of the interpreter and of the checks made before a start, in one place (sandbox-safe). Clauses start in
 * lower case so that a list of problems can hold them; `sentence()` makes one a message of its own.
 */

export function sentence(clause: string): string {
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}

/** Where a loop reads its items from, as the messages name it. */
function sourceOf(loop: LoopDefinition): string {
  if (loop.over.kind === 'step') {
    return `the result of step "${loop.over.step}"`;
  }
  return loop.over.path === undefined ? 'the workflow input' : `the workflow input at "${loop.over.path}"`;
}

export function loopNeedsArray(step: string, loop: LoopDefinition, value: unknown): string {
  return `loop step "${step}" needs an array to loop over, but ${sourceOf(loop)} is ${describeValue(value)}`;
}

export function loopNeedsArrayFix(loop: LoopDefinition): string {
  return loop.over.kind === 'step'
    ? `Make step "${loop.over.step}" return an array (or null for no items).`
    : 'Pass an array (or null for no items) there when starting the workflow.';
}

export function concurrencyFromInputInvalid(step: string, property: string, value: unknown): string {
  return (
    `loop step "${step}" reads its concurrency from the input property "${property}", which must be ` +
    `${CONCURRENCY_RULE}, but it is ${describeValue(value)}`
  );
}

/** Why `value` cannot be a window, worded for the client error and the update validator alike. */
export function invalidConcurrency(value: unknown): string {
  return `concurrency must be ${CONCURRENCY_RULE}, but it is ${describeValue(value)}`;
}

export const ONE_AT_A_TIME_FIX = 'Use 1 to run one item at a time.';

export function noLoopToSteer(workflow: string): string {
  return `Workflow "${workflow}" has no @ParallelLoop() step, so it has no concurrency to change.`;
}

export function itemKeyInvalid(step: string, key: string, index: number, value: unknown): string {
  return (
    `Loop step "${step}" needs every item to have a string or number "${key}" property (its key), but item ${index} ` +
    `has ${describeValue(value)}.`
  );
}

export function itemKeysNotUnique(step: string, key: string | undefined, previous: number, index: number, value: string): string {
  return `Loop step "${step}" needs unique "${key}" keys, but items ${previous} and ${index} are both "${value}".`;
}

export function itemDependenciesInvalid(step: string, property: string, key: string, value: unknown): string {
  return (
    `Loop step "${step}" needs the "${property}" property of each item to be an array of keys, but item "${key}" ` +
    `has ${describeValue(value)}.`
  );
}

export function itemDependenciesUnknown(step: string, listed: string): string {
  return `Loop step "${step}" has items that depend on keys no item has: ${listed}.`;
}

export function itemDependencyCycle(step: string, cycles: readonly (readonly string[])[]): string {
  return `Loop step "${step}" has a dependency cycle between its items: ${cycles.map((cycle) => cycle.join(' → ')).join('; ')}.`;
}

export function itemDurationInvalid(step: string, property: string, index: number, value: unknown): string {
  return (
    `Loop step "${step}" needs "${property}" (the estimated duration) to be a number ≥ 0 ms, but item ${index} ` +
    `has ${describeValue(value)}.`
  );
}

export function workerLost(times: number, cause: string): string {
  return (
    `The activity stopped heartbeating ${times} times in a row (${cause}): each time its worker process ` +
    `died or its event loop was blocked longer than the heartbeat timeout. If the step blocks the event loop that ` +
    `long, raise heartbeatTimeout or move the work off the main thread.`
  );
}

export function definitionVersionMissing(workflowId: string, workflow: string, wanted: string, known: readonly string[]): string {
  return (
    `Execution "${workflowId}" of workflow "${workflow}" started with definition version ${wanted}, which this worker ` +
    `does not have (it has ${known.join(', ')}). Run a worker whose code declares that version, with persistence ` +
    'so that it loads the versions earlier workers recorded; this workflow task is retried until one does.'
  );
}

export function loopStoppedAtFirstFailure(step: string, key: string, error: string | undefined): string {
  return `Loop step "${step}" stopped at its first failed item "${key}": ${error}`;
}

/** Why an item in flight when another failed (fail-fast) ended skipped. */
export function itemCancelledByFailFast(failedKey: string): string {
  return `cancelled: item "${failedKey}" failed first (fail-fast)`;
}

/** Why an item not yet started when another failed (fail-fast) ended skipped. */
export function itemNotStartedByFailFast(failedKey: string): string {
  return `not started: item "${failedKey}" failed first (fail-fast)`;
}

/** Why an item in flight when another failed ended skipped, in an execution asked to stop at the first failure. */
export function itemCancelledByBail(failedKey: string): string {
  return `cancelled: item "${failedKey}" failed first and the run stops at the first failure (bail)`;
}

/** Why an item not yet started when another failed ended skipped, in an execution asked to stop at the first failure. */
export function itemNotStartedByBail(failedKey: string): string {
  return `not started: item "${failedKey}" failed first and the run stops at the first failure (bail)`;
}

export function bailFromInputInvalid(step: string, property: string, value: unknown): string {
  return (
    `loop step "${step}" reads whether to stop at the first failure from the input property "${property}", which must be ` +
    `true or false, but it is ${describeValue(value)}`
  );
}

export const ITEM_CANCELLED_WITH_WORKFLOW = 'cancelled: the workflow was cancelled';

export function itemBlockedBy(failedKey: string): string {
  return `blocked: depends on "${failedKey}", which failed`;
}

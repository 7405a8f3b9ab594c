/**
 * `ApplicationFailure.type` of the failures Baton itself raises, as a client sees them in a failed workflow, update or
 * activity. A step's own error keeps its type (`Error#name` or `ApplicationFailure#type`); PackageBuilder's types are
 * in `@baton/package-builder`'s `package-builder.protocol.ts`.
 */

/** A step or item whose last attempt was lost with its worker 5 times in a row (the work kills or blocks its worker). */
export const WORKER_LOST_ERROR = 'BatonWorkerLost';
/** A `fail-fast` loop stopped at its first failed item; the loop step (and so the workflow) fails with it. */
export const LOOP_FAILED_ERROR = 'BatonLoopFailed';
/** A loop's input is not an array (or its `concurrencyFrom` input property is not a valid window). */
export const LOOP_INPUT_ERROR = 'BatonLoopInputError';
/** `baton.setConcurrency` refused: not an integer from 1 up, or the workflow has no loop. */
export const INVALID_CONCURRENCY_ERROR = 'BatonInvalidConcurrency';
/** A step of an earlier definition version runs a method the worker's code no longer has. */
export const RETIRED_STEP_ERROR = 'BatonRetiredStep';
/** The progress sink's failure for a batch PostgreSQL refuses even cleaned; the workflow goes on without that record. */
export const PROGRESS_NOT_RECORDABLE = 'BatonProgressNotRecordable';
/** A start refused by the workflow's input checks (`@ValidateInput()`), raised by `BatonClient` before anything starts. */
export const INVALID_WORKFLOW_INPUT_ERROR = 'InvalidWorkflowInputError';

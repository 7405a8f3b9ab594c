/**
 * The workflow definition IR: plain, serialisable data produced at boot from the decorators.
 * Everything after the scanner (validation, compilation, the sandbox interpreter, the API) reads this,
 * never the decorated classes. Sandbox-safe: types only.
 */

/** A Temporal duration: milliseconds or an `ms`-style string such as `'30s'` or `'10 minutes'`. */
export type DurationValue = number | string;

export interface RetryPolicyDefinition {
  /** Total attempts including the first; 1 disables retries. */
  maximumAttempts: number;
  initialInterval: DurationValue;
  backoffCoefficient: number;
  maximumInterval?: DurationValue;
  /** Error types (`Error#name` or `ApplicationFailure#type`) that are never retried. */
  nonRetryableErrorTypes?: string[];
}

export interface ActivityOptionsDefinition {
  startToCloseTimeout: DurationValue;
  scheduleToCloseTimeout?: DurationValue;
  /** Always set in the IR (default 30 s): Baton's activity host heartbeats for every step and item. */
  heartbeatTimeout: DurationValue;
  retry: RetryPolicyDefinition;
}

/** What to do when a loop item fails after its last attempt. */
export type OnItemError = 'fail-fast' | 'continue' | 'block-dependents';

export const ON_ITEM_ERROR_MODES: readonly OnItemError[] = ['fail-fast', 'continue', 'block-dependents'];

/** Where a loop takes its items from. */
export type LoopSource =
  /** The result of another step (or loop) of the same workflow. */
  | { kind: 'step'; step: string }
  /** The workflow input, or the value at a dotted path in it (`'records'`, `'batch.items'`). */
  | { kind: 'input'; path?: string };

export interface ChildWorkflowReference {
  /** Temporal workflow type of the child. */
  workflowType: string;
  taskQueue: string;
}

export interface LoopDefinition {
  over: LoopSource;
  /** Maximum items in flight; 1 makes a sequential loop. */
  concurrency: number;
  /** Property of the workflow input that overrides `concurrency` when present (`'concurrency'`). */
  concurrencyFrom?: string;
  onItemError: OnItemError;
  /** Property of the workflow input that, when `true`, stops the loop at its first failure (see `ParallelLoopOptions`). */
  bailFrom?: string;
  /** Property of each item that identifies it (item-level dependencies refer to it). */
  key?: string;
  /** Property of each item holding the keys of the items it depends on. */
  dependsOn?: string;
  /** Property of each item holding its estimated duration in ms, used to weight scheduling priority. */
  estimatedDuration?: string;
  /** Property of each item that, when truthy, skips the item without running it. */
  skipIf?: string;
  /** Run each item as a child workflow instead of an activity. */
  child?: ChildWorkflowReference;
}

export type StepKind = 'step' | 'loop';

export interface StepDefinition {
  /** Step name: the method name. */
  name: string;
  kind: StepKind;
  /** Names of the steps whose results this step waits for. */
  dependsOn: string[];
  /** Activity type that runs this step (or each item of this loop): `ClassName.method`. */
  activityType: string;
  activity: ActivityOptionsDefinition;
  loop?: LoopDefinition;
}

export interface WorkflowDefinition {
  /** Temporal workflow type name. */
  name: string;
  /** Name of the decorated class. */
  className: string;
  taskQueue: string;
  /** Started only by other workflows (as a child): the GraphQL API refuses to start it. */
  internal: boolean;
  steps: StepDefinition[];
  /** Stable hash of everything above; stored in each execution's memo. */
  hash: string;
}

/** A definition before its hash is computed. */
export type UnhashedWorkflowDefinition = Omit<WorkflowDefinition, 'hash'>;

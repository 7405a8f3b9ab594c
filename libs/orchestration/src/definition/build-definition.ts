import { dependenciesOf, isStepMethod, stepNameOf, workflowTypeOf } from './definition.validator';
import { stepActivityType } from '../protocol';
import type { LoopDeclaration, MethodDeclaration, RetryDeclaration, StepDeclaration, WorkflowDeclaration } from './workflow-declaration';
import type {
  ActivityOptionsDefinition,
  LoopDefinition,
  LoopSource,
  RetryPolicyDefinition,
  StepDefinition,
  UnhashedWorkflowDefinition,
} from './workflow-definition';

export const DEFAULT_START_TO_CLOSE_TIMEOUT = '10 minutes';
/**
 * Every Baton activity heartbeats on its own while it runs, so an attempt whose worker is gone is retried after
 * this long rather than after its start-to-close timeout.
 */
export const DEFAULT_HEARTBEAT_TIMEOUT = '30s';
/** Steps retry by default: a transient fault should not fail a whole workflow. */
export const DEFAULT_STEP_ATTEMPTS = 3;
/** Loop items do not retry unless `retry` says so: the loop's `onItemError` decides what a failure means. */
export const DEFAULT_ITEM_ATTEMPTS = 1;

/**
 * Turns a validated declaration into the IR. Call `validateDeclarations` first: this function assumes every
 * reference resolves.
 */
export function buildDefinition(declaration: WorkflowDeclaration, defaultTaskQueue: string): UnhashedWorkflowDefinition {
  return {
    name: workflowTypeOf(declaration),
    className: declaration.className,
    taskQueue: declaration.taskQueue ?? defaultTaskQueue,
    internal: declaration.internal ?? false,
    steps: declaration.methods.filter(isStepMethod).map((method) => buildStep(declaration.className, method, defaultTaskQueue)),
  };
}

function buildStep(className: string, method: MethodDeclaration, defaultTaskQueue: string): StepDefinition {
  const loop = method.loop;
  const options: StepDeclaration = loop ?? method.step ?? {};
  return {
    name: stepNameOf(method),
    kind: loop === undefined ? 'step' : 'loop',
    dependsOn: dependenciesOf(method),
    activityType: stepActivityType(className, method.method),
    activity: buildActivityOptions(options, loop === undefined ? DEFAULT_STEP_ATTEMPTS : DEFAULT_ITEM_ATTEMPTS),
    ...(loop === undefined ? {} : { loop: buildLoop(method, loop, defaultTaskQueue) }),
  };
}

function buildActivityOptions(options: StepDeclaration, defaultAttempts: number): ActivityOptionsDefinition {
  return withoutUndefined({
    startToCloseTimeout: options.startToCloseTimeout ?? DEFAULT_START_TO_CLOSE_TIMEOUT,
    scheduleToCloseTimeout: options.scheduleToCloseTimeout,
    heartbeatTimeout: options.heartbeatTimeout ?? DEFAULT_HEARTBEAT_TIMEOUT,
    retry: buildRetryPolicy(options.retry, defaultAttempts),
  });
}

function buildRetryPolicy(retry: RetryDeclaration | undefined, defaultAttempts: number): RetryPolicyDefinition {
  return withoutUndefined({
    maximumAttempts: retry?.attempts ?? defaultAttempts,
    initialInterval: retry?.backoff?.initialInterval ?? '1s',
    backoffCoefficient: retry?.backoff?.coefficient ?? 2,
    maximumInterval: retry?.backoff?.maximumInterval ?? '30s',
    nonRetryableErrorTypes: retry?.nonRetryable,
  });
}

function buildLoop(method: MethodDeclaration, loop: LoopDeclaration, defaultTaskQueue: string): LoopDefinition {
  return withoutUndefined({
    over: loopSource(method, loop),
    concurrency: loop.concurrency as number,
    concurrencyFrom: loop.concurrencyFrom,
    onItemError: loop.onItemError ?? 'fail-fast',
    bailFrom: loop.bailFrom,
    key: loop.key,
    dependsOn: loop.dependsOn,
    estimatedDuration: loop.estimatedDuration,
    skipIf: loop.skipIf,
    child:
      loop.child?.workflowType === undefined
        ? undefined
        : { workflowType: loop.child.workflowType, taskQueue: loop.child.taskQueue ?? defaultTaskQueue },
  });
}

function loopSource(method: MethodDeclaration, loop: LoopDeclaration): LoopSource {
  const { over } = loop;
  if (typeof over === 'string') {
    return { kind: 'step', step: over };
  }
  if (over !== undefined) {
    return over.input === true ? { kind: 'input' } : { kind: 'input', path: over.input };
  }
  const [only] = method.dependsOn ?? [];
  return only === undefined ? { kind: 'input' } : { kind: 'step', step: only };
}

/** The IR is hashed and compared as JSON: leave absent options out rather than as `undefined`. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

import { ApplicationFailure, executeChild, isCancellation, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { DEFINITION_HASH_MEMO } from '../definition/memo-keys';
import type { LoopResult } from '../definition/loop-result';
import type { LoopDefinition, StepDefinition, WorkflowDefinition } from '../definition/workflow-definition';
import { ExecutionProgressRegistry } from './execution-progress';
import { attemptsOf, rootMessage } from './failure-details';
import { describeType, isRecord, LOOP_INPUT_ERROR, prepareLoopItems } from './loop-items';
import { LoopWindow, type ItemExecutor } from './loop-window';
import { progressQuery } from './progress.query';
import { ProgressReporter, type ProgressSettings } from './progress-reporter';
import { stepActivity } from './step-activities';

/** Settings the worker bakes into the workflow bundle next to the definitions. */
export interface InterpreterOptions {
  /** Send progress to the progress-sink activity (set when the worker has persistence). */
  progress?: ProgressSettings;
}

/**
 * Runs one workflow definition: every step starts as soon as all the steps it depends on finished, so independent
 * steps run in parallel. The result is the final step's result (a record keyed by step name when several steps
 * have no dependents).
 */
export async function interpretWorkflow(definition: WorkflowDefinition, input: unknown, options: InterpreterOptions = {}): Promise<unknown> {
  const info = workflowInfo();
  if (info.memo?.[DEFINITION_HASH_MEMO] !== definition.hash) {
    upsertMemo({ [DEFINITION_HASH_MEMO]: definition.hash });
  }
  const startedAt = info.startTime.toISOString();
  const progress = new ExecutionProgressRegistry(startedAt);
  setHandler(progressQuery, () => progress.snapshot());
  const reporter = options.progress === undefined ? undefined : new ProgressReporter(definition, progress, options.progress, startedAt);
  reporter?.started(input);
  try {
    const result = await runSteps(definition, input, progress, reporter);
    await reporter?.finished('completed', { result });
    return result;
  } catch (error) {
    await reporter?.finished(isCancellation(error) ? 'cancelled' : 'failed', { error: rootMessage(error) });
    throw error;
  }
}

async function runSteps(
  definition: WorkflowDefinition,
  input: unknown,
  progress: ExecutionProgressRegistry,
  reporter: ProgressReporter | undefined,
): Promise<unknown> {

  const results = new Map<string, Promise<unknown>>();
  const stepsByName = new Map(definition.steps.map((step) => [step.name, step]));
  const resultOf = (name: string): Promise<unknown> => {
    let result = results.get(name);
    if (result === undefined) {
      const step = stepsByName.get(name)!;
      result = Promise.all(step.dependsOn.map(resultOf)).then((dependencies) =>
        runStep(definition, step, input, dependencies, progress, reporter),
      );
      results.set(name, result);
    }
    return result;
  };
  // Start every step now and await them together, so a failing step is always observed (never unhandled).
  const all = await Promise.all(definition.steps.map((step) => resultOf(step.name)));
  const dependedOn = new Set(definition.steps.flatMap((step) => step.dependsOn));
  const finals = definition.steps.flatMap((step, index) => (dependedOn.has(step.name) ? [] : [[step.name, all[index]] as const]));
  return finals.length === 1 ? finals[0][1] : Object.fromEntries(finals);
}

async function runStep(
  definition: WorkflowDefinition,
  step: StepDefinition,
  input: unknown,
  dependencies: unknown[],
  progress: ExecutionProgressRegistry,
  reporter: ProgressReporter | undefined,
): Promise<unknown> {
  if (step.loop !== undefined) {
    const over = step.loop.over;
    const source = over.kind === 'step' ? dependencies[step.dependsOn.indexOf(over.step)] : valueAtPath(input, over.path);
    return runLoop(definition, step, step.loop, source, input, progress, reporter);
  }
  const argument =
    step.dependsOn.length === 0
      ? input
      : step.dependsOn.length === 1
        ? dependencies[0]
        : Object.fromEntries(step.dependsOn.map((name, index) => [name, dependencies[index]]));
  const envelope = await stepActivity(step.activityType, definition.taskQueue, step.activity)(argument);
  return envelope.value;
}

async function runLoop(
  definition: WorkflowDefinition,
  step: StepDefinition,
  loop: LoopDefinition,
  source: unknown,
  input: unknown,
  progress: ExecutionProgressRegistry,
  reporter: ProgressReporter | undefined,
): Promise<LoopResult> {
  const window = new LoopWindow({
    workflowId: workflowInfo().workflowId,
    step: step.name,
    items: prepareLoopItems(step.name, loop, source),
    concurrency: concurrencyFor(step.name, loop, input),
    onItemError: loop.onItemError,
    execute: loop.child === undefined ? activityExecutor(definition, step) : childExecutor(step.name, loop.child),
    onItemFinished: reporter === undefined ? undefined : (item) => reporter.itemFinished(step.name, item),
  });
  progress.register(window);
  return window.run();
}

function activityExecutor(definition: WorkflowDefinition, step: StepDefinition): ItemExecutor {
  const activity = stepActivity(step.activityType, definition.taskQueue, step.activity);
  return async (item, context) => {
    try {
      const envelope = await activity(item, context);
      return { ok: true, value: envelope.value, attempts: envelope.attempt };
    } catch (error) {
      if (isCancellation(error)) {
        throw error;
      }
      return { ok: false, error, attempts: attemptsOf(error, step.activity.retry.maximumAttempts) };
    }
  };
}

function childExecutor(step: string, child: NonNullable<LoopDefinition['child']>): ItemExecutor {
  return async (item, context) => {
    try {
      const value = await executeChild(child.workflowType, {
        args: [item],
        workflowId: `${context.workflowId}/${step}/${context.key}`,
        taskQueue: child.taskQueue,
      });
      return { ok: true, value, attempts: 1 };
    } catch (error) {
      if (isCancellation(error)) {
        throw error;
      }
      return { ok: false, error, attempts: 1 };
    }
  };
}

/** `concurrencyFrom` lets one execution override the declared window through its input. */
function concurrencyFor(step: string, loop: LoopDefinition, input: unknown): number {
  if (loop.concurrencyFrom === undefined || !isRecord(input) || input[loop.concurrencyFrom] === undefined) {
    return loop.concurrency;
  }
  const value = input[loop.concurrencyFrom];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw ApplicationFailure.create({
      message:
        `Loop step "${step}" reads its concurrency from the input property "${loop.concurrencyFrom}", which must be an ` +
        `integer ≥ 1, but it is ${describeType(value)}.`,
      type: LOOP_INPUT_ERROR,
      nonRetryable: true,
    });
  }
  return value;
}

function valueAtPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined) {
    return value;
  }
  let current = value;
  for (const segment of path.split('.')) {
    current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}

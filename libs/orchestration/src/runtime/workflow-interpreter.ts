import {
  ApplicationFailure,
  continueAsNew,
  executeChild,
  isCancellation,
  patched,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { LoopDefinition, StepDefinition, WorkflowDefinition } from '../definition/workflow-definition';
import {
  childWorkflowId,
  DEFINITION_HASH_MEMO,
  INVALID_CONCURRENCY_ERROR,
  LOOP_INPUT_ERROR,
  UNPREDICTABLE_CHILD_IDS_PATCH,
  type Continuation,
  type ExecutionGraphSnapshot,
  type GraphNodeStatus,
} from '../protocol';
import { ContinueAsNewGate, DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS } from './continuation';
import { ExecutionControl, isValidConcurrency, pauseSignal, resumeSignal, setConcurrencyUpdate } from './execution-control';
import { ExecutionProgressRegistry } from './execution-progress';
import { runActivity } from './activity-attempts';
import { rootMessage } from './failure-details';
import { isRecord, prepareLoopItems, valueAtPath } from './loop-items';
import { LoopWindow, type ItemExecutor } from './loop-window';
import { graphQuery } from './graph.query';
import { progressQuery } from './progress.query';
import { ProgressReporter, type ProgressSettings } from './progress-reporter';
import {
  bailFromInputInvalid,
  concurrencyFromInputInvalid,
  invalidConcurrency,
  noLoopToSteer,
  ONE_AT_A_TIME_FIX,
  sentence,
} from './runtime.messages';
import { stepActivity } from './step-activities';

/** Settings the worker bakes into the workflow bundle next to the definitions. */
export interface InterpreterOptions {
  /** Send progress to the progress-sink activity (set when the worker has persistence); unset settings take the defaults. */
  progress?: Partial<ProgressSettings>;
  /** With progress recorded, very long runs continue as new at this history length (default 8,000 events). */
  continueAsNewAfterEvents?: number;
}

/** Marks a step that did not run (or did not finish) because the run is about to continue as new. */
const DEFERRED = Symbol('deferred to the next run');

/**
 * Runs one workflow definition: every step starts as soon as all the steps it depends on finished, so independent
 * steps run in parallel. The result is the final step's result (a record keyed by step name when several steps
 * have no dependents). `continuation` is the state an earlier run of the same execution handed over.
 */
export async function interpretWorkflow(
  definition: WorkflowDefinition,
  input: unknown,
  options: InterpreterOptions = {},
  continuation?: Continuation,
): Promise<unknown> {
  return new WorkflowRun(definition, input, options, continuation).execute();
}

class WorkflowRun {
  private readonly progress: ExecutionProgressRegistry;
  private readonly control: ExecutionControl;
  private readonly reporter?: ProgressReporter;
  /** Large loops only continue as new when their items are recorded elsewhere. */
  private readonly gate?: ContinueAsNewGate;
  private readonly results = new Map<string, Promise<unknown>>();
  private readonly checkpoints = new Map<string, string>();
  private readonly stepStatus = new Map<string, GraphNodeStatus>();
  private readonly windows = new Map<string, LoopWindow>();

  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly input: unknown,
    options: InterpreterOptions,
    private readonly continuation?: Continuation,
  ) {
    const startedAt = workflowInfo().startTime.toISOString();
    this.progress = new ExecutionProgressRegistry(startedAt);
    this.control = new ExecutionControl(continuation?.control);
    if (options.progress !== undefined) {
      this.reporter = new ProgressReporter(definition, this.progress, options.progress, startedAt, continuation?.progressSequence ?? 0);
      this.gate = new ContinueAsNewGate(options.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS);
    }
  }

  async execute(): Promise<unknown> {
    if (workflowInfo().memo?.[DEFINITION_HASH_MEMO] !== this.definition.hash) {
      upsertMemo({ [DEFINITION_HASH_MEMO]: this.definition.hash });
    }
    setHandler(progressQuery, () => this.progress.snapshot(this.control.paused));
    setHandler(graphQuery, () => this.graph());
    if (this.continuation === undefined) {
      this.reporter?.started(this.input);
    }
    // After the first progress batch, so that a signal sent with the start cannot record before it.
    this.handleControl();
    let result: unknown;
    try {
      result = await this.runSteps();
    } catch (error) {
      await this.reporter?.finished(isCancellation(error) ? 'cancelled' : 'failed', { error: rootMessage(error) });
      throw error;
    }
    if (result === DEFERRED) {
      return this.continueAsNew();
    }
    await this.reporter?.finished('completed', { result });
    return result;
  }

  /** Pause, resume and setConcurrency; each change is recorded at once, not with the next batch of items. */
  private handleControl(): void {
    setHandler(pauseSignal, () => {
      this.control.pause();
      this.reporter?.stateChanged();
    });
    setHandler(resumeSignal, () => {
      this.control.resume();
      this.reporter?.stateChanged();
    });
    const firstLoop = this.definition.steps.find((step) => step.loop !== undefined)?.loop;
    setHandler(
      setConcurrencyUpdate,
      (concurrency) => {
        const change = this.control.setConcurrency(concurrency, () =>
          firstLoop === undefined ? concurrency : declaredConcurrency(firstLoop, this.input),
        );
        this.reporter?.stateChanged();
        return change;
      },
      {
        validator: (concurrency) => {
          if (!isValidConcurrency(concurrency)) {
            throw ApplicationFailure.create({
              message: `${sentence(invalidConcurrency(concurrency))} ${ONE_AT_A_TIME_FIX}`,
              type: INVALID_CONCURRENCY_ERROR,
              nonRetryable: true,
            });
          }
          if (firstLoop === undefined) {
            throw ApplicationFailure.create({
              message: noLoopToSteer(this.definition.name),
              type: INVALID_CONCURRENCY_ERROR,
              nonRetryable: true,
            });
          }
        },
      },
    );
  }

  private async runSteps(): Promise<unknown> {
    const { steps } = this.definition;
    // Start every step now and await them together, so a failing step is always observed (never unhandled).
    const all = await Promise.all(steps.map((step) => this.resultOf(step.name)));
    if (all.includes(DEFERRED)) {
      return DEFERRED;
    }
    const dependedOn = new Set(steps.flatMap((step) => step.dependsOn));
    const finals = steps.flatMap((step, index) => (dependedOn.has(step.name) ? [] : [[step.name, all[index]] as const]));
    return finals.length === 1 ? finals[0][1] : Object.fromEntries(finals);
  }

  private resultOf(name: string): Promise<unknown> {
    let result = this.results.get(name);
    if (result === undefined) {
      const step = this.definition.steps.find((candidate) => candidate.name === name)!;
      const carried = this.continuation?.steps;
      result =
        carried !== undefined && name in carried
          ? Promise.resolve(carried[name])
          : Promise.all(step.dependsOn.map((dependency) => this.resultOf(dependency))).then((dependencies) =>
              dependencies.includes(DEFERRED) || this.gate?.check()
                ? DEFERRED
                : this.trackStatus(step.name, this.runStep(step, dependencies)),
            );
      if (carried !== undefined && name in carried) {
        this.stepStatus.set(name, 'succeeded');
      }
      this.results.set(name, result);
    }
    return result;
  }

  private trackStatus(name: string, running: Promise<unknown>): Promise<unknown> {
    this.stepStatus.set(name, 'running');
    running.then(
      (value) => this.stepStatus.set(name, value === DEFERRED ? 'pending' : 'succeeded'),
      () => this.stepStatus.set(name, 'failed'),
    );
    return running;
  }

  /** The `graph` query: each step's status, and the items of loops whose items depend on each other. */
  private graph(): ExecutionGraphSnapshot {
    return {
      steps: this.definition.steps.map((step) => ({ name: step.name, status: this.stepStatus.get(step.name) ?? 'pending' })),
      items: [...this.windows].flatMap(([step, window]) => window.itemGraph().map((item) => ({ step, ...item }))),
    };
  }

  private async runStep(step: StepDefinition, dependencies: unknown[]): Promise<unknown> {
    if (step.loop !== undefined) {
      const over = step.loop.over;
      const source = over.kind === 'step' ? dependencies[step.dependsOn.indexOf(over.step)] : valueAtPath(this.input, over.path);
      return this.runLoop(step, step.loop, source);
    }
    const argument =
      step.dependsOn.length === 0
        ? this.input
        : step.dependsOn.length === 1
          ? dependencies[0]
          : Object.fromEntries(step.dependsOn.map((name, index) => [name, dependencies[index]]));
    const activity = stepActivity(step.activityType, this.definition.taskQueue, step.activity);
    const outcome = await runActivity(() => activity(argument), step.activity.retry);
    if (!outcome.ok) {
      throw outcome.error;
    }
    return outcome.value;
  }

  private async runLoop(step: StepDefinition, loop: LoopDefinition, source: unknown): Promise<unknown> {
    const reporter = this.reporter;
    const window = new LoopWindow({
      workflowId: workflowInfo().workflowId,
      step: step.name,
      items: prepareLoopItems(step.name, loop, source),
      concurrency: concurrencyFor(step.name, loop, this.input),
      onItemError: loop.onItemError,
      bail: bailFor(step.name, loop, this.input),
      execute: loop.child === undefined ? activityExecutor(this.definition, step) : childExecutor(step.name, loop.child),
      onItemFinished: reporter === undefined ? undefined : (item) => reporter.itemFinished(step.name, item),
      gate: this.gate,
      checkpoint: this.continuation?.loops[step.name],
      control: this.control,
    });
    this.progress.register(window);
    this.windows.set(step.name, window);
    const outcome = await window.run();
    if ('drained' in outcome) {
      this.checkpoints.set(step.name, outcome.checkpoint);
      return DEFERRED;
    }
    return outcome;
  }

  /** Hands the finished steps, the loops' checkpoints and the progress record's position to a fresh run. */
  private async continueAsNew(): Promise<never> {
    const steps: Record<string, unknown> = {};
    for (const [name, result] of this.results) {
      const value = await result;
      if (value !== DEFERRED) {
        steps[name] = value;
      }
    }
    const progressSequence = await this.reporter!.handOver();
    const control = this.control.state();
    const next: Continuation = {
      steps,
      loops: Object.fromEntries(this.checkpoints),
      progressSequence,
      definitionHash: this.definition.hash,
      ...(control === undefined ? {} : { control }),
    };
    return continueAsNew<(input: unknown, continuation: Continuation) => Promise<unknown>>(this.input, next);
  }
}

function activityExecutor(definition: WorkflowDefinition, step: StepDefinition): ItemExecutor {
  const activity = stepActivity(step.activityType, definition.taskQueue, step.activity);
  return (item, context) =>
    runActivity((attemptsBefore) => activity(item, { ...context, attempt: attemptsBefore + 1 }), step.activity.retry);
}

function childExecutor(step: string, child: NonNullable<LoopDefinition['child']>): ItemExecutor {
  return async (item, context) => {
    try {
      const value = await executeChild(child.workflowType, {
        args: [item],
        workflowId: itemChildWorkflowId(context.workflowId, step, context.key),
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

/** The protocol's child id; executions started before child ids carried the run id replay with the ids they recorded. */
function itemChildWorkflowId(workflowId: string, step: string, key: string): string {
  return childWorkflowId(workflowId, step, key, patched(UNPREDICTABLE_CHILD_IDS_PATCH) ? workflowInfo().firstExecutionRunId : undefined);
}

/** `concurrencyFrom` lets one execution override the declared window through its input. */
function concurrencyFor(step: string, loop: LoopDefinition, input: unknown): number {
  if (loop.concurrencyFrom === undefined || !isRecord(input) || input[loop.concurrencyFrom] === undefined) {
    return loop.concurrency;
  }
  const value = input[loop.concurrencyFrom];
  if (!isValidConcurrency(value)) {
    throw ApplicationFailure.create({
      message: sentence(concurrencyFromInputInvalid(step, loop.concurrencyFrom, value)),
      type: LOOP_INPUT_ERROR,
      nonRetryable: true,
    });
  }
  return value;
}

/** `bailFrom` lets one execution stop the loop at its first failure through its input. */
function bailFor(step: string, loop: LoopDefinition, input: unknown): boolean {
  const value = loop.bailFrom === undefined || !isRecord(input) ? undefined : input[loop.bailFrom];
  if (value === undefined || typeof value === 'boolean') {
    return value === true;
  }
  throw ApplicationFailure.create({
    message: sentence(bailFromInputInvalid(step, loop.bailFrom!, value)),
    type: LOOP_INPUT_ERROR,
    nonRetryable: true,
  });
}

/** A loop's window before it starts, for `setConcurrency`'s answer; an input the loop will refuse counts as unset. */
function declaredConcurrency(loop: LoopDefinition, input: unknown): number {
  const fromInput = loop.concurrencyFrom === undefined || !isRecord(input) ? undefined : input[loop.concurrencyFrom];
  return isValidConcurrency(fromInput) ? fromInput : loop.concurrency;
}

import { msToNumber } from '@temporalio/common/lib/time';
import { isValidConcurrency } from './concurrency';
import {
  childLoopOnMethod,
  childNotAWorkflow,
  childNotRegistered,
  dependsOnNotAStep,
  dependsOnUnknownStep,
  loopBlockDependentsWithoutDependencies,
  loopConcurrencyFromInvalid,
  loopBailFromInvalid,
  loopConcurrencyInvalid,
  loopDependsOnWithoutKey,
  loopItemPropertyInvalid,
  loopOnItemErrorInvalid,
  loopOverAmbiguous,
  loopOverInvalid,
  loopOverItself,
  loopOverUnknownStep,
  loopPropertyWithoutChild,
  retryAttemptsInvalid,
  retryCoefficientInvalid,
  stepAndLoopTogether,
  stepCycle,
  stepNameTaken,
  timeoutInvalid,
  workflowClassNameTaken,
  workflowHasNoSteps,
  workflowNameTaken,
  workflowOptionNotNonEmpty,
} from './definition.messages';
import { buildDependencyGraph, findCycles } from './graph';
import type { LoopDeclaration, MethodDeclaration, StepDeclaration, WorkflowDeclaration } from './workflow-declaration';
import { ON_ITEM_ERROR_MODES } from './workflow-definition';

/**
 * Shortest heartbeat timeout: the activity host heartbeats every half second, and a heartbeat is a round trip to
 * the server that a busy worker may delay.
 */
export const MIN_HEARTBEAT_TIMEOUT_MS = 1_000;

/**
 * Checks every declaration and returns every problem found, each a sentence naming the decorator, `Class#method`,
 * what was expected, what was found and the fix. An empty list means the declarations can be built into IR.
 */
export function validateDeclarations(declarations: readonly WorkflowDeclaration[]): string[] {
  const problems: string[] = [];
  problems.push(...duplicateNameProblems(declarations));
  for (const declaration of declarations) {
    problems.push(...workflowProblems(declaration, declarations));
  }
  return problems;
}

/** Name other steps use for a method: `@Step({ name })` / `@ParallelLoop({ name })`, else the method name. */
export function stepNameOf(method: MethodDeclaration): string {
  return method.loop?.name ?? method.step?.name ?? method.method;
}

export function isStepMethod(method: MethodDeclaration): boolean {
  return method.step !== undefined || method.loop !== undefined;
}

/** Workflow type name: `@Workflow({ name })`, else the class name. */
export function workflowTypeOf(declaration: Pick<WorkflowDeclaration, 'name' | 'className'>): string {
  return declaration.name ?? declaration.className;
}

function duplicateNameProblems(declarations: readonly WorkflowDeclaration[]): string[] {
  const problems: string[] = [];
  const classByType = new Map<string, string>();
  const seenClassNames = new Set<string>();
  for (const declaration of declarations) {
    const type = workflowTypeOf(declaration);
    const owner = classByType.get(type);
    if (owner !== undefined) {
      problems.push(workflowNameTaken(type, owner, declaration.className));
    } else {
      classByType.set(type, declaration.className);
    }
    if (seenClassNames.has(declaration.className)) {
      problems.push(workflowClassNameTaken(declaration.className));
    }
    seenClassNames.add(declaration.className);
  }
  return problems;
}

function workflowProblems(declaration: WorkflowDeclaration, all: readonly WorkflowDeclaration[]): string[] {
  const { className } = declaration;
  const problems: string[] = [];
  if (declaration.name !== undefined && !isNonEmptyString(declaration.name)) {
    problems.push(workflowOptionNotNonEmpty(className, 'name', declaration.name));
  }
  if (declaration.taskQueue !== undefined && !isNonEmptyString(declaration.taskQueue)) {
    problems.push(workflowOptionNotNonEmpty(className, 'taskQueue', declaration.taskQueue));
  }
  const steps = declaration.methods.filter(isStepMethod);
  if (steps.length === 0) {
    problems.push(workflowHasNoSteps(className));
    return problems;
  }

  const methodByStep = new Map<string, string>();
  for (const method of steps) {
    const name = stepNameOf(method);
    const previous = methodByStep.get(name);
    if (previous !== undefined) {
      problems.push(stepNameTaken(decoratorOf(method), className, method.method, name, previous));
    } else {
      methodByStep.set(name, method.method);
    }
  }
  const known = [...methodByStep.keys()];

  for (const method of declaration.methods) {
    const where = `"${className}#${method.method}"`;
    if (!isStepMethod(method)) {
      if (method.dependsOn !== undefined) {
        problems.push(dependsOnNotAStep(where, method.dependsOn));
      }
      continue;
    }
    if (method.step !== undefined && method.loop !== undefined) {
      problems.push(stepAndLoopTogether(where));
    }
    for (const dependency of method.dependsOn ?? []) {
      if (!methodByStep.has(dependency)) {
        problems.push(
          dependsOnUnknownStep(
            where,
            dependency,
            known.filter((step) => step !== stepNameOf(method)),
          ),
        );
      }
    }
    const subject = `${decoratorOf(method)} on ${where}`;
    if (method.loop !== undefined) {
      problems.push(...loopProblems(where, method, method.loop, known, all));
    } else {
      problems.push(...retryProblems(subject, method.step?.retry));
    }
    problems.push(...timeoutProblems(subject, method.loop ?? method.step ?? {}));
  }

  problems.push(...cycleProblems(className, steps));
  return problems;
}

function loopProblems(
  where: string,
  method: MethodDeclaration,
  loop: LoopDeclaration,
  knownSteps: readonly string[],
  all: readonly WorkflowDeclaration[],
): string[] {
  const problems: string[] = [];
  const self = stepNameOf(method);
  const { over } = loop;
  if (typeof over === 'string') {
    if (!knownSteps.includes(over)) {
      problems.push(
        loopOverUnknownStep(
          where,
          over,
          knownSteps.filter((step) => step !== self),
        ),
      );
    } else if (over === self) {
      problems.push(loopOverItself(where, over));
    }
  } else if (over !== undefined) {
    const input = (over as { input?: unknown }).input;
    if (input !== true && !isNonEmptyString(input)) {
      problems.push(loopOverInvalid(where, over));
    }
  } else if ((method.dependsOn ?? []).length > 1) {
    problems.push(loopOverAmbiguous(where, method.dependsOn!));
  }

  if (!isValidConcurrency(loop.concurrency)) {
    problems.push(loopConcurrencyInvalid(where, loop.concurrency));
  }
  if (loop.concurrencyFrom !== undefined && !isNonEmptyString(loop.concurrencyFrom)) {
    problems.push(loopConcurrencyFromInvalid(where, loop.concurrencyFrom));
  }
  if (loop.bailFrom !== undefined && !isNonEmptyString(loop.bailFrom)) {
    problems.push(loopBailFromInvalid(where, loop.bailFrom));
  }
  if (loop.onItemError !== undefined && !ON_ITEM_ERROR_MODES.includes(loop.onItemError)) {
    problems.push(loopOnItemErrorInvalid(where, ON_ITEM_ERROR_MODES, loop.onItemError));
  }
  for (const property of ['key', 'dependsOn', 'estimatedDuration', 'skipIf'] as const) {
    const value = loop[property];
    if (value !== undefined && !isNonEmptyString(value)) {
      problems.push(loopItemPropertyInvalid(where, property, value));
    }
  }
  if (loop.dependsOn !== undefined && loop.key === undefined) {
    problems.push(loopDependsOnWithoutKey(where, loop.dependsOn));
  }
  if (loop.onItemError === 'block-dependents' && loop.dependsOn === undefined) {
    problems.push(loopBlockDependentsWithoutDependencies(where));
  }
  problems.push(...retryProblems(`@ParallelLoop() on ${where}`, loop.retry));
  if (loop.child === undefined && method.property === true) {
    problems.push(loopPropertyWithoutChild(where));
  }
  if (loop.child !== undefined) {
    const { className, workflowType } = loop.child;
    if (method.property !== true) {
      problems.push(childLoopOnMethod(where, className, method.method));
    }
    if (workflowType === undefined) {
      problems.push(childNotAWorkflow(where, className));
    } else if (!all.some((declaration) => declaration.className === className)) {
      problems.push(childNotRegistered(where, className));
    }
  }
  return problems;
}

function retryProblems(subject: string, retry: LoopDeclaration['retry']): string[] {
  if (retry === undefined) {
    return [];
  }
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    return [retryAttemptsInvalid(subject, retry.attempts)];
  }
  const coefficient = retry.backoff?.coefficient;
  if (coefficient !== undefined && !(typeof coefficient === 'number' && coefficient >= 1)) {
    return [retryCoefficientInvalid(subject, coefficient)];
  }
  return [];
}

function timeoutProblems(subject: string, options: StepDeclaration): string[] {
  const problems: string[] = [];
  for (const option of ['startToCloseTimeout', 'scheduleToCloseTimeout', 'heartbeatTimeout'] as const) {
    const value = options[option];
    if (value === undefined) {
      continue;
    }
    const heartbeat = option === 'heartbeatTimeout';
    const millis = durationMs(value);
    if (millis === undefined || millis < (heartbeat ? MIN_HEARTBEAT_TIMEOUT_MS : 1)) {
      problems.push(timeoutInvalid(subject, option, heartbeat, value));
    }
  }
  return problems;
}

/** A decorator's duration in milliseconds, or undefined when it is not one. */
function durationMs(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    return msToNumber(value as Parameters<typeof msToNumber>[0]);
  } catch {
    return undefined;
  }
}

function cycleProblems(className: string, steps: readonly MethodDeclaration[]): string[] {
  const names = steps.map(stepNameOf);
  const known = new Set(names);
  const { graph } = buildDependencyGraph(names, (_name, index) =>
    dependenciesOf(steps[index]).filter((dependency) => known.has(dependency)),
  );
  return findCycles(graph).map((cycle) => stepCycle(className, cycle));
}

/** Steps a method waits for: its `@DependsOn` steps plus the step its loop runs over. */
export function dependenciesOf(method: MethodDeclaration): string[] {
  const dependencies = [...(method.dependsOn ?? [])];
  const over = method.loop?.over;
  if (typeof over === 'string' && !dependencies.includes(over)) {
    dependencies.push(over);
  }
  return dependencies;
}

function decoratorOf(method: MethodDeclaration): string {
  return method.loop !== undefined ? '@ParallelLoop()' : '@Step()';
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

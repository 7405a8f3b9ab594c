import { msToNumber } from '@temporalio/common/lib/time';
import { CONCURRENCY_RULE, isValidConcurrency } from './concurrency';
import { describeValue } from './describe-value';
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
      problems.push(
        `@Workflow() name "${type}" is used by both "${owner}" and "${declaration.className}". ` +
          `Give each workflow a unique name with @Workflow({ name: "..." }).`,
      );
    } else {
      classByType.set(type, declaration.className);
    }
    if (seenClassNames.has(declaration.className)) {
      problems.push(
        `@Workflow() is on two different classes named "${declaration.className}": their steps' activity types ` +
          `("${declaration.className}.<method>") would collide. Rename one of the classes.`,
      );
    }
    seenClassNames.add(declaration.className);
  }
  return problems;
}

function workflowProblems(declaration: WorkflowDeclaration, all: readonly WorkflowDeclaration[]): string[] {
  const { className } = declaration;
  const problems: string[] = [];
  if (declaration.name !== undefined && !isNonEmptyString(declaration.name)) {
    problems.push(`@Workflow() on "${className}" needs name to be a non-empty string, but got ${describeValue(declaration.name)}.`);
  }
  if (declaration.taskQueue !== undefined && !isNonEmptyString(declaration.taskQueue)) {
    problems.push(
      `@Workflow() on "${className}" needs taskQueue to be a non-empty string, but got ${describeValue(declaration.taskQueue)}.`,
    );
  }
  const steps = declaration.methods.filter(isStepMethod);
  if (steps.length === 0) {
    problems.push(`@Workflow() class "${className}" has no steps. Add @Step() or @ParallelLoop() to at least one method.`);
    return problems;
  }

  const methodByStep = new Map<string, string>();
  for (const method of steps) {
    const name = stepNameOf(method);
    const previous = methodByStep.get(name);
    if (previous !== undefined) {
      problems.push(
        `${decoratorOf(method)} on "${className}#${method.method}" is named "${name}", which "${className}#${previous}" ` +
          `already uses. Give each step a unique name.`,
      );
    } else {
      methodByStep.set(name, method.method);
    }
  }
  const known = [...methodByStep.keys()];

  for (const method of declaration.methods) {
    const where = `"${className}#${method.method}"`;
    if (!isStepMethod(method)) {
      if (method.dependsOn !== undefined) {
        problems.push(
          `@DependsOn(${method.dependsOn.map(quote).join(', ')}) on ${where} needs ${where} to be a step, but it has ` +
            `no @Step() or @ParallelLoop(). Add @Step() to the method or remove @DependsOn().`,
        );
      }
      continue;
    }
    if (method.step !== undefined && method.loop !== undefined) {
      problems.push(`${where} has both @Step() and @ParallelLoop(). Keep only @ParallelLoop(): it already makes the method a step.`);
    }
    for (const dependency of method.dependsOn ?? []) {
      if (!methodByStep.has(dependency)) {
        problems.push(
          `@DependsOn(${quote(dependency)}) on ${where} refers to unknown step ${quote(dependency)}. ` +
            `Known steps: ${
              known
                .filter((step) => step !== stepNameOf(method))
                .map(quote)
                .join(', ') || 'none'
            }.`,
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
        `@ParallelLoop({ over: ${quote(over)} }) on ${where} refers to unknown step ${quote(over)}. ` +
          `Known steps: ${
            knownSteps
              .filter((step) => step !== self)
              .map(quote)
              .join(', ') || 'none'
          }. ` +
          `Set over to one of them, or to { input: true } to loop over the workflow input.`,
      );
    } else if (over === self) {
      problems.push(`@ParallelLoop({ over: ${quote(over)} }) on ${where} loops over its own result. Set over to another step.`);
    }
  } else if (over !== undefined) {
    const input = (over as { input?: unknown }).input;
    if (input !== true && !isNonEmptyString(input)) {
      problems.push(
        `@ParallelLoop() on ${where} needs over to be a step name, { input: true } or { input: "path.in.input" }, ` +
          `but got ${describeValue(over)}.`,
      );
    }
  } else if ((method.dependsOn ?? []).length > 1) {
    problems.push(
      `@ParallelLoop() on ${where} depends on several steps (${method.dependsOn!.map(quote).join(', ')}) and does not ` +
        `say which one to loop over. Set over to one of them.`,
    );
  }

  if (!isValidConcurrency(loop.concurrency)) {
    problems.push(
      `@ParallelLoop() on ${where} needs concurrency to be ${CONCURRENCY_RULE}, but got ${describeValue(loop.concurrency)}. ` +
        `Use concurrency: 1 for a sequential loop.`,
    );
  }
  if (loop.concurrencyFrom !== undefined && !isNonEmptyString(loop.concurrencyFrom)) {
    problems.push(
      `@ParallelLoop() on ${where} needs concurrencyFrom to name a workflow input property, but ` +
        `got ${describeValue(loop.concurrencyFrom)}.`,
    );
  }
  if (loop.onItemError !== undefined && !ON_ITEM_ERROR_MODES.includes(loop.onItemError)) {
    problems.push(
      `@ParallelLoop() on ${where} needs onItemError to be one of ${ON_ITEM_ERROR_MODES.map(quote).join(', ')}, ` +
        `but got ${describeValue(loop.onItemError)}.`,
    );
  }
  for (const property of ['key', 'dependsOn', 'estimatedDuration', 'skipIf'] as const) {
    const value = loop[property];
    if (value !== undefined && !isNonEmptyString(value)) {
      problems.push(`@ParallelLoop() on ${where} needs ${property} to be the name of an item property, but got ${describeValue(value)}.`);
    }
  }
  if (loop.dependsOn !== undefined && loop.key === undefined) {
    problems.push(
      `@ParallelLoop({ dependsOn: ${quote(loop.dependsOn)} }) on ${where} needs key, the item property that the ` +
        `dependencies refer to. Add key: "name" (or whichever property identifies an item).`,
    );
  }
  if (loop.onItemError === 'block-dependents' && loop.dependsOn === undefined) {
    problems.push(
      `@ParallelLoop({ onItemError: "block-dependents" }) on ${where} needs item dependencies to know what to block. ` +
        `Add key and dependsOn, or use onItemError: "continue".`,
    );
  }
  problems.push(...retryProblems(`@ParallelLoop() on ${where}`, loop.retry));
  if (loop.child === undefined && method.property === true) {
    problems.push(
      `@ParallelLoop() on the property ${where} has no body to run for each item. Make it a method (the loop body), ` +
        `or run each item as a child workflow with @ParallelLoop({ child: SomeWorkflow }).`,
    );
  }
  if (loop.child !== undefined) {
    const { className, workflowType } = loop.child;
    if (method.property !== true) {
      problems.push(
        `@ParallelLoop({ child: ${className} }) on the method ${where} runs each item as a "${className}" child workflow, ` +
          `so the method's body would never run. Declare the loop on a property instead: ` +
          `@ParallelLoop({ ..., child: ${className} }) readonly ${method.method}!: ChildLoop;`,
      );
    }
    if (workflowType === undefined) {
      problems.push(
        `@ParallelLoop({ child: ${className} }) on ${where} needs a @Workflow() class, but "${className}" has no ` +
          `@Workflow() decorator. Add @Workflow() to "${className}" and register it as a provider.`,
      );
    } else if (!all.some((declaration) => declaration.className === className)) {
      problems.push(
        `@ParallelLoop({ child: ${className} }) on ${where} refers to the @Workflow() class "${className}", which is ` +
          `not registered as a provider in any module. Add it to the providers of a module.`,
      );
    }
  }
  return problems;
}

function retryProblems(subject: string, retry: LoopDeclaration['retry']): string[] {
  if (retry === undefined) {
    return [];
  }
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    return [`${subject} needs retry.attempts to be an integer ≥ 1, but got ${describeValue(retry.attempts)}. Use 1 for no retry.`];
  }
  const coefficient = retry.backoff?.coefficient;
  if (coefficient !== undefined && !(typeof coefficient === 'number' && coefficient >= 1)) {
    return [`${subject} needs retry.backoff.coefficient to be a number ≥ 1, but got ${describeValue(coefficient)}.`];
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
    const minimum = option === 'heartbeatTimeout' ? MIN_HEARTBEAT_TIMEOUT_MS : 1;
    const millis = durationMs(value);
    if (millis === undefined || millis < minimum) {
      const expected = option === 'heartbeatTimeout' ? 'a duration of at least 1s' : 'a positive duration';
      problems.push(
        `${subject} needs ${option} to be ${expected} (milliseconds, or a string such as "30s"), but got ${describeValue(value)}.`,
      );
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
  return findCycles(graph).map(
    (cycle) => `@DependsOn on "${className}" forms a cycle: ${cycle.join(' → ')}. Remove one of these dependencies.`,
  );
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

function quote(value: string): string {
  return JSON.stringify(value);
}

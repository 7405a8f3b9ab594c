import { CONCURRENCY_RULE } from './concurrency';
import { describeValue } from './describe-value';

/**
 * The problems `validateDeclarations` reports, one builder each (sandbox-safe). Each names the decorator,
 * `Class#method`, what was expected, what was found and the fix; `where` is the quoted `"Class#method"`.
 */

function quote(value: string): string {
  return JSON.stringify(value);
}

function knownSteps(known: readonly string[]): string {
  return known.map(quote).join(', ') || 'none';
}

export function workflowNameTaken(type: string, owner: string, className: string): string {
  return (
    `@Workflow() name "${type}" is used by both "${owner}" and "${className}". ` +
    `Give each workflow a unique name with @Workflow({ name: "..." }).`
  );
}

export function workflowClassNameTaken(className: string): string {
  return (
    `@Workflow() is on two different classes named "${className}": their steps' activity types ` +
    `("${className}.<method>") would collide. Rename one of the classes.`
  );
}

export function workflowOptionNotNonEmpty(className: string, option: 'name' | 'taskQueue', value: unknown): string {
  return `@Workflow() on "${className}" needs ${option} to be a non-empty string, but got ${describeValue(value)}.`;
}

export function workflowHasNoSteps(className: string): string {
  return `@Workflow() class "${className}" has no steps. Add @Step() or @ParallelLoop() to at least one method.`;
}

export function stepNameTaken(decorator: string, className: string, method: string, name: string, previous: string): string {
  return (
    `${decorator} on "${className}#${method}" is named "${name}", which "${className}#${previous}" ` +
    `already uses. Give each step a unique name.`
  );
}

export function dependsOnNotAStep(where: string, dependsOn: readonly string[]): string {
  return (
    `@DependsOn(${dependsOn.map(quote).join(', ')}) on ${where} needs ${where} to be a step, but it has ` +
    `no @Step() or @ParallelLoop(). Add @Step() to the method or remove @DependsOn().`
  );
}

export function stepAndLoopTogether(where: string): string {
  return `${where} has both @Step() and @ParallelLoop(). Keep only @ParallelLoop(): it already makes the method a step.`;
}

/** `known`: the other steps of the workflow. */
export function dependsOnUnknownStep(where: string, dependency: string, known: readonly string[]): string {
  return `@DependsOn(${quote(dependency)}) on ${where} refers to unknown step ${quote(dependency)}. Known steps: ${knownSteps(known)}.`;
}

/** `known`: the other steps of the workflow. */
export function loopOverUnknownStep(where: string, over: string, known: readonly string[]): string {
  return (
    `@ParallelLoop({ over: ${quote(over)} }) on ${where} refers to unknown step ${quote(over)}. ` +
    `Known steps: ${knownSteps(known)}. ` +
    `Set over to one of them, or to { input: true } to loop over the workflow input.`
  );
}

export function loopOverItself(where: string, over: string): string {
  return `@ParallelLoop({ over: ${quote(over)} }) on ${where} loops over its own result. Set over to another step.`;
}

export function loopOverInvalid(where: string, over: unknown): string {
  return (
    `@ParallelLoop() on ${where} needs over to be a step name, { input: true } or { input: "path.in.input" }, ` +
    `but got ${describeValue(over)}.`
  );
}

export function loopOverAmbiguous(where: string, dependsOn: readonly string[]): string {
  return (
    `@ParallelLoop() on ${where} depends on several steps (${dependsOn.map(quote).join(', ')}) and does not ` +
    `say which one to loop over. Set over to one of them.`
  );
}

export function loopConcurrencyInvalid(where: string, concurrency: unknown): string {
  return (
    `@ParallelLoop() on ${where} needs concurrency to be ${CONCURRENCY_RULE}, but got ${describeValue(concurrency)}. ` +
    `Use concurrency: 1 for a sequential loop.`
  );
}

export function loopConcurrencyFromInvalid(where: string, concurrencyFrom: unknown): string {
  return (
    `@ParallelLoop() on ${where} needs concurrencyFrom to name a workflow input property, but ` + `got ${describeValue(concurrencyFrom)}.`
  );
}

export function loopBailFromInvalid(where: string, bailFrom: unknown): string {
  return (
    `@ParallelLoop() on ${where} needs bailFrom to name a workflow input property (such as "bail"), but ` +
    `got ${describeValue(bailFrom)}. Remove bailFrom if the loop should never stop at its first failure.`
  );
}

export function loopOnItemErrorInvalid(where: string, modes: readonly string[], onItemError: unknown): string {
  return (
    `@ParallelLoop() on ${where} needs onItemError to be one of ${modes.map(quote).join(', ')}, ` + `but got ${describeValue(onItemError)}.`
  );
}

export function loopItemPropertyInvalid(where: string, property: string, value: unknown): string {
  return `@ParallelLoop() on ${where} needs ${property} to be the name of an item property, but got ${describeValue(value)}.`;
}

export function loopDependsOnWithoutKey(where: string, dependsOn: string): string {
  return (
    `@ParallelLoop({ dependsOn: ${quote(dependsOn)} }) on ${where} needs key, the item property that the ` +
    `dependencies refer to. Add key: "name" (or whichever property identifies an item).`
  );
}

export function loopBlockDependentsWithoutDependencies(where: string): string {
  return (
    `@ParallelLoop({ onItemError: "block-dependents" }) on ${where} needs item dependencies to know what to block. ` +
    `Add key and dependsOn, or use onItemError: "continue".`
  );
}

export function loopPropertyWithoutChild(where: string): string {
  return (
    `@ParallelLoop() on the property ${where} has no body to run for each item. Make it a method (the loop body), ` +
    `or run each item as a child workflow with @ParallelLoop({ child: SomeWorkflow }).`
  );
}

export function childLoopOnMethod(where: string, className: string, method: string): string {
  return (
    `@ParallelLoop({ child: ${className} }) on the method ${where} runs each item as a "${className}" child workflow, ` +
    `so the method's body would never run. Declare the loop on a property instead: ` +
    `@ParallelLoop({ ..., child: ${className} }) readonly ${method}!: ChildLoop;`
  );
}

export function childNotAWorkflow(where: string, className: string): string {
  return (
    `@ParallelLoop({ child: ${className} }) on ${where} needs a @Workflow() class, but "${className}" has no ` +
    `@Workflow() decorator. Add @Workflow() to "${className}" and register it as a provider.`
  );
}

export function childNotRegistered(where: string, className: string): string {
  return (
    `@ParallelLoop({ child: ${className} }) on ${where} refers to the @Workflow() class "${className}", which is ` +
    `not registered as a provider in any module. Add it to the providers of a module.`
  );
}

/** `subject`: the decorator and where it is, e.g. `@Step() on "Release#publish"`. */
export function retryAttemptsInvalid(subject: string, attempts: unknown): string {
  return `${subject} needs retry.attempts to be an integer ≥ 1, but got ${describeValue(attempts)}. Use 1 for no retry.`;
}

export function retryCoefficientInvalid(subject: string, coefficient: unknown): string {
  return `${subject} needs retry.backoff.coefficient to be a number ≥ 1, but got ${describeValue(coefficient)}.`;
}

export function timeoutInvalid(subject: string, option: string, heartbeat: boolean, value: unknown): string {
  const expected = heartbeat ? 'a duration of at least 1s' : 'a positive duration';
  return `${subject} needs ${option} to be ${expected} (milliseconds, or a string such as "30s"), but got ${describeValue(value)}.`;
}

export function stepCycle(className: string, cycle: readonly string[]): string {
  return `@DependsOn on "${className}" forms a cycle: ${cycle.join(' → ')}. Remove one of these dependencies.`;
}

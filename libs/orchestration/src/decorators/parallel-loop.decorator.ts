import type { Type } from '@nestjs/common';
import type { OnItemError } from '../definition/workflow-definition';
import { PARALLEL_LOOP_METADATA } from '../orchestration.constants';
import { setMemberMetadata } from './decorator-target';
import type { StepOptions } from './step.decorator';

export interface ParallelLoopOptions extends StepOptions {
  /**
   * Where the items come from: a step name (its result must be an array), or `{ input: true }` for the workflow
   * input, or `{ input: 'path.in.input' }`. Defaults to the single `@DependsOn` step, else the workflow input.
   */
  over?: string | { input: true | string };
  /** Most items in flight at once (an integer ≥ 1; 1 runs the items one after another). */
  concurrency: number;
  /** Name of a workflow-input property that overrides `concurrency` for one execution. */
  concurrencyFrom?: string;
  /** `'fail-fast'` (default), `'continue'` or `'block-dependents'` (needs `key` and `dependsOn`). */
  onItemError?: OnItemError;
  /**
   * Name of a workflow-input property that, when `true`, makes one execution stop at the loop's first failed item, as
   * `pnpm -r` and `turbo run` stop by default: items in flight are cancelled and every item not started ends `skipped`
   * (with the failed item named), but the loop ends with its result, so the steps after it still run (`'fail-fast'`
   * fails the workflow instead).
   */
  bailFrom?: string;
  /** Item property that identifies an item. */
  key?: string;
  /** Item property listing the keys of the items this item depends on. */
  dependsOn?: string;
  /** Item property with an estimated duration in ms; weights the longest-remaining-chain priority. */
  estimatedDuration?: string;
  /**
   * Item property that, when truthy, makes the item `skipped` without running it (a string value is kept as the
   * reason). A skipped item takes no slot, and its dependents go on as if it had succeeded.
   */
  skipIf?: string;
  /**
   * Run each item as a child workflow of this `@Workflow()` class, with the item as its input. Such a loop has no
   * body: declare it on a property typed `ChildLoop` (see `ParallelLoop`).
   */
  child?: Type<unknown>;
}

/** Options of a loop whose items run as child workflows. */
export type ChildLoopOptions = ParallelLoopOptions & { child: Type<unknown> };

/**
 * The type of a property that declares a loop of child workflows. It names the step (other steps depend on it by
 * that name) and never holds a value: the items run in the child workflows, and the loop's `LoopResult` goes to the
 * steps that depend on it.
 */
export type ChildLoop = never;

/** A property decorator that a method cannot take: on a method, the descriptor argument makes it a type error. */
export type ChildLoopDecorator = (target: object, propertyKey: string | symbol, descriptor?: never) => void;

/**
 * Declares a loop step: it runs once per item, at most `concurrency` items at a time; its result is a `LoopResult`
 * listing every item's outcome.
 *
 * - On a method, the method is the loop body, run as the activity `ClassName.method` with `(item, context: LoopContext)`.
 * - With `child`, each item runs as a child workflow of that class instead, so there is no body: put the decorator
 *   on a property, `@ParallelLoop({ concurrency: 4, child: ShipOneWorkflow }) readonly shipEach!: ChildLoop;`.
 *   Boot refuses a `child` loop on a method (its body would never run) and a loop on a property without `child`.
 */
export function ParallelLoop(options: ChildLoopOptions): ChildLoopDecorator;
export function ParallelLoop(options: ParallelLoopOptions): MethodDecorator;
export function ParallelLoop(options: ParallelLoopOptions): MethodDecorator & PropertyDecorator {
  return ((target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor) =>
    setMemberMetadata('@ParallelLoop()', PARALLEL_LOOP_METADATA, { ...options }, target, propertyKey, descriptor)) as MethodDecorator &
    PropertyDecorator;
}

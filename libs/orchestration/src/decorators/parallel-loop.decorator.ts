import { SetMetadata, type Type } from '@nestjs/common';
import type { OnItemError } from '../definition/workflow-definition';
import { PARALLEL_LOOP_METADATA } from '../orchestration.constants';
import { assertMethodTarget } from './decorator-target';
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
  /** Run each item as a child workflow of this `@Workflow()` class, with the item as its input. */
  child?: Type<unknown>;
}

/**
 * Declares a method as a loop body: it runs once per item, at most `concurrency` items at a time, each as the
 * activity `ClassName.method` (or as a `child` workflow). It receives `(item, context: LoopContext)`; the loop's
 * result is a `LoopResult` listing every item's outcome.
 */
export function ParallelLoop(options: ParallelLoopOptions): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    assertMethodTarget('@ParallelLoop()', target, propertyKey, descriptor);
    SetMetadata(PARALLEL_LOOP_METADATA, { ...options })(target, propertyKey, descriptor);
  };
}

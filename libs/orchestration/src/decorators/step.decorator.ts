import type { DurationValue } from '../definition/workflow-definition';
import { STEP_METADATA } from '../orchestration.constants';
import { assertMethodTarget, setMemberMetadata } from './decorator-target';
import type { RetryOptions } from './retry-options';

export interface StepOptions {
  /** Step name other steps refer to; defaults to the method name. */
  name?: string;
  /** Longest a single attempt may run (default `'10 minutes'`). */
  startToCloseTimeout?: DurationValue;
  /** Longest the step may take across all attempts. */
  scheduleToCloseTimeout?: DurationValue;
  /** A step that heartbeats must do so within this interval or the attempt fails. */
  heartbeatTimeout?: DurationValue;
  /** Retries of the step (default: 3 attempts, backoff from 1s doubling up to 30s). */
  retry?: RetryOptions;
}

/**
 * Declares a method as a workflow step, run as the Temporal activity `ClassName.method`.
 * A step with no dependencies receives the workflow input; with one, that step's result; with several, a record
 * of their results keyed by step name.
 */
export function Step(options: StepOptions = {}): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    assertMethodTarget('@Step()', target, propertyKey, descriptor);
    setMemberMetadata('@Step()', STEP_METADATA, { ...options }, target, propertyKey, descriptor);
  };
}

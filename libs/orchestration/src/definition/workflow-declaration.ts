import type { DurationValue, OnItemError } from './workflow-definition';

/**
 * What the decorators of one class declare, read at boot and flattened into plain data (class references
 * replaced by names) so that validation and IR building are pure functions.
 */
export interface WorkflowDeclaration {
  className: string;
  name?: string;
  taskQueue?: string;
  internal?: boolean;
  methods: MethodDeclaration[];
}

export interface RetryDeclaration {
  attempts: number;
  backoff?: { initialInterval?: DurationValue; coefficient?: number; maximumInterval?: DurationValue };
  nonRetryable?: string[];
}

export interface StepDeclaration {
  name?: string;
  startToCloseTimeout?: DurationValue;
  scheduleToCloseTimeout?: DurationValue;
  heartbeatTimeout?: DurationValue;
  retry?: RetryDeclaration;
}

export interface LoopDeclaration extends StepDeclaration {
  over?: string | { input: true | string };
  concurrency: unknown;
  concurrencyFrom?: string;
  onItemError?: OnItemError;
  bailFrom?: string;
  key?: string;
  dependsOn?: string;
  estimatedDuration?: string;
  skipIf?: string;
  /** The `child` class: its name, and its workflow type when it is a `@Workflow()` class. */
  child?: { className: string; workflowType?: string; taskQueue?: string };
}

export interface MethodDeclaration {
  /** The member's name: a method, or a property when `property` is set. */
  method: string;
  /** Declared on a property (a loop of child workflows), so there is no method to run. */
  property?: boolean;
  step?: StepDeclaration;
  loop?: LoopDeclaration;
  dependsOn?: string[];
}

import { invalidConcurrencyMessage } from '../runtime/execution-control';

/** `setConcurrency` was asked for a window no loop can have; refused before anything reaches Temporal. */
export class InvalidConcurrencyError extends Error {
  constructor(
    readonly workflowId: string,
    readonly concurrency: unknown,
  ) {
    super(`Cannot change the concurrency of execution "${workflowId}": ${invalidConcurrencyMessage(concurrency)}. Use 1 to run one item at a time.`);
    this.name = 'InvalidConcurrencyError';
  }
}

import { invalidConcurrencyChangeMessage } from '../orchestration.messages';

/** `setConcurrency` was asked for a window no loop can have; refused before anything reaches Temporal. */
export class InvalidConcurrencyError extends Error {
  constructor(
    readonly workflowId: string,
    readonly concurrency: unknown,
  ) {
    super(invalidConcurrencyChangeMessage(workflowId, concurrency));
    this.name = 'InvalidConcurrencyError';
  }
}

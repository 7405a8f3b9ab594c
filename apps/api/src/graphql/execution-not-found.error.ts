import { executionNotFoundMessage } from '../api.messages';

/** A mutation named an execution that neither PostgreSQL nor Temporal knows. */
export class ExecutionNotFoundError extends Error {
  constructor(readonly executionId: string) {
    super(executionNotFoundMessage(executionId));
    this.name = 'ExecutionNotFoundError';
  }
}

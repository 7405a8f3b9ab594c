import { executionClosedMessage } from '../api.messages';

/** A mutation that steers a running execution named one that has closed. */
export class ExecutionClosedError extends Error {
  constructor(
    readonly executionId: string,
    readonly status: string,
    action: string,
  ) {
    super(executionClosedMessage(executionId, status, action));
    this.name = 'ExecutionClosedError';
  }
}

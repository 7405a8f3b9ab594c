import { executionNotRecordedMessage } from '../../orchestration.messages';

/** Something was recorded for an execution the database has no row for yet. */
export class ExecutionNotRecordedError extends Error {
  constructor(workflowId: string, what: string) {
    super(executionNotRecordedMessage(workflowId, what));
    this.name = 'ExecutionNotRecordedError';
  }
}

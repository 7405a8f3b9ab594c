import { internalWorkflowMessage } from '../api.messages';

/** `startWorkflow` named a workflow that only other workflows start. */
export class InternalWorkflowError extends Error {
  constructor(
    readonly workflow: string,
    readonly startedBy: readonly string[],
  ) {
    super(internalWorkflowMessage(workflow, startedBy));
    this.name = 'InternalWorkflowError';
  }
}

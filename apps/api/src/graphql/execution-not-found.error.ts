/** A mutation named an execution that neither PostgreSQL nor Temporal knows. */
export class ExecutionNotFoundError extends Error {
  constructor(readonly executionId: string) {
    super(`No execution has the id "${executionId}". Use the id that startWorkflow returned, or list them with the executions query.`);
    this.name = 'ExecutionNotFoundError';
  }
}

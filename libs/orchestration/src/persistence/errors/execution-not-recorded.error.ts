/** Something was recorded for an execution the database has no row for yet. */
export class ExecutionNotRecordedError extends Error {
  constructor(workflowId: string, what: string) {
    super(
      `Cannot record the ${what} of execution "${workflowId}": no progress batch of it has been recorded, so the database has no row for it. ` +
        'Record the execution\'s progress first (the progress sink does so from its first batch), and check the workflow id.',
    );
    this.name = 'ExecutionNotRecordedError';
  }
}

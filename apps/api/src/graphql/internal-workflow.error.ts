/** `startWorkflow` named a workflow that only other workflows start. */
export class InternalWorkflowError extends Error {
  constructor(
    readonly workflow: string,
    readonly startedBy: readonly string[],
  ) {
    super(
      `The workflow "${workflow}" is internal: it is started by its parent workflow, not through the API. ` +
        (startedBy.length > 0 ? `Start ${startedBy.map((parent) => `"${parent}"`).join(' or ')} instead.` : 'Start the workflow that runs it instead.'),
    );
    this.name = 'InternalWorkflowError';
  }
}

/** A mutation that steers a running execution named one that has closed. */
export class ExecutionClosedError extends Error {
  constructor(
    readonly executionId: string,
    readonly status: string,
    action: string,
  ) {
    super(`The execution "${executionId}" is ${status.toLowerCase()}: only a running execution can be ${action}. Start a new one with startWorkflow.`);
    this.name = 'ExecutionClosedError';
  }
}

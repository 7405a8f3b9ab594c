import { MAX_EXECUTION_ID_LENGTH } from './execution-id';

/** `startWorkflow` was asked for an id Temporal would refuse. */
export class InvalidExecutionIdError extends Error {
  constructor(id: string) {
    super(
      `The id ${id.trim() === '' ? 'is empty' : `has ${id.length} characters`}: an execution id has 1 to ${MAX_EXECUTION_ID_LENGTH} characters, ` +
        'not all spaces. Choose another id, or omit it to get a new one.',
    );
    this.name = 'InvalidExecutionIdError';
  }
}

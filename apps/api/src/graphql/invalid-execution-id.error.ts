import { invalidExecutionIdMessage } from '../api.messages';

/** `startWorkflow` was asked for an id Temporal would refuse. */
export class InvalidExecutionIdError extends Error {
  constructor(id: string) {
    super(invalidExecutionIdMessage(id));
    this.name = 'InvalidExecutionIdError';
  }
}

import { invalidWorkflowInputMessage } from '../orchestration.messages';

/** A workflow was asked to start with input that its definition, or its `@ValidateInput()` method, refuses. */
export class InvalidWorkflowInputError extends Error {
  constructor(
    readonly workflow: string,
    readonly problems: readonly string[],
  ) {
    super(invalidWorkflowInputMessage(workflow, problems));
    this.name = 'InvalidWorkflowInputError';
  }
}

import { INVALID_WORKFLOW_INPUT_ERROR } from '../protocol';
import { invalidWorkflowInputMessage } from '../orchestration.messages';

/** A workflow was asked to start with input that its definition, or its `@ValidateInput()` method, refuses. */
export class InvalidWorkflowInputError extends Error {
  constructor(
    readonly workflow: string,
    readonly problems: readonly string[],
  ) {
    super(invalidWorkflowInputMessage(workflow, problems));
    this.name = INVALID_WORKFLOW_INPUT_ERROR;
  }
}

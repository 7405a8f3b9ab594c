import { INVALID_WORKFLOW_INPUT_ERROR } from '../protocol';

/** A workflow was asked to start with input that its definition, or its `@ValidateInput()` method, refuses. */
export class InvalidWorkflowInputError extends Error {
  constructor(
    readonly workflow: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid input for workflow "${workflow}": ${problems.join('; ')}.`);
    this.name = INVALID_WORKFLOW_INPUT_ERROR;
  }
}

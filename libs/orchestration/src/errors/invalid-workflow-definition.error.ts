import { invalidWorkflowDefinitionMessage } from '../orchestration.messages';

/** Boot stops with this when any `@Workflow()` declaration is invalid; it lists every problem found. */
export class InvalidWorkflowDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(invalidWorkflowDefinitionMessage(problems));
    this.name = 'InvalidWorkflowDefinitionError';
  }
}

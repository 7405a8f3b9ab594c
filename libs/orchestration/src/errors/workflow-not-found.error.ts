import { workflowNotFoundMessage } from '../orchestration.messages';

/** A workflow was asked for by a name no `@Workflow()` class has. */
export class WorkflowNotFoundError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(workflowNotFoundMessage(name, known));
    this.name = 'WorkflowNotFoundError';
  }
}

import { SetMetadata } from '@nestjs/common';
import { WORKFLOW_METADATA } from '../orchestration.constants';

export interface WorkflowOptions {
  /** Temporal workflow type name; defaults to the class name. Any Temporal client starts the workflow by it. */
  name?: string;
  /** Task queue the workflow and its steps run on; defaults to `'baton'`. */
  taskQueue?: string;
  /** Started only by other workflows (as a child): the GraphQL API refuses to start it. */
  internal?: boolean;
}

/**
 * Declares a class as a Baton workflow. Its `@Step()` and `@ParallelLoop()` methods become the steps of a Temporal
 * workflow; the class itself must also be registered as a Nest provider so its steps get dependency injection.
 */
export function Workflow(options: WorkflowOptions = {}): ClassDecorator {
  return (target) => {
    if (typeof target !== 'function') {
      throw new TypeError('@Workflow() must decorate a class.');
    }
    SetMetadata(WORKFLOW_METADATA, { ...options })(target);
  };
}

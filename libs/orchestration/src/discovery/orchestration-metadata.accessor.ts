import { Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ParallelLoopOptions } from '../decorators/parallel-loop.decorator';
import type { StepOptions } from '../decorators/step.decorator';
import type { WorkflowOptions } from '../decorators/workflow.decorator';
import { DEPENDS_ON_METADATA, PARALLEL_LOOP_METADATA, STEP_METADATA, VALIDATE_INPUT_METADATA, WORKFLOW_METADATA } from '../orchestration.constants';

/** The one place that reads Baton's decorator metadata. */
@Injectable()
export class OrchestrationMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  isWorkflow(target: Type<unknown> | Function): boolean {
    return this.getWorkflowMetadata(target) !== undefined;
  }

  getWorkflowMetadata(target: Type<unknown> | Function): WorkflowOptions | undefined {
    return this.reflector.get<WorkflowOptions | undefined>(WORKFLOW_METADATA, target);
  }

  getStepMetadata(method: Function): StepOptions | undefined {
    return this.reflector.get<StepOptions | undefined>(STEP_METADATA, method);
  }

  getParallelLoopMetadata(method: Function): ParallelLoopOptions | undefined {
    return this.reflector.get<ParallelLoopOptions | undefined>(PARALLEL_LOOP_METADATA, method);
  }

  getDependsOnMetadata(method: Function): string[] | undefined {
    return this.reflector.get<string[] | undefined>(DEPENDS_ON_METADATA, method);
  }

  isInputValidator(method: Function): boolean {
    return this.reflector.get<boolean | undefined>(VALIDATE_INPUT_METADATA, method) === true;
  }
}

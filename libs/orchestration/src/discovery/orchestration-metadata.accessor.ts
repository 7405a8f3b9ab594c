import { Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ParallelLoopOptions } from '../decorators/parallel-loop.decorator';
import type { StepOptions } from '../decorators/step.decorator';
import type { WorkflowOptions } from '../decorators/workflow.decorator';
import {
  DEPENDS_ON_METADATA,
  PARALLEL_LOOP_METADATA,
  STEP_METADATA,
  STEP_MEMBERS_METADATA,
  VALIDATE_INPUT_METADATA,
  WORKFLOW_METADATA,
} from '../orchestration.constants';

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

  /**
   * Members that `@Step()`, `@ParallelLoop()` or `@DependsOn()` decorate, in declaration order (a base class's
   * first): methods, and properties that declare loops of child workflows (`@ParallelLoop({ child }) readonly x!: ChildLoop`).
   */
  getStepMemberNames(prototype: object): string[] {
    return (Reflect.getMetadata(STEP_MEMBERS_METADATA, prototype) as string[] | undefined) ?? [];
  }

  getPropertyParallelLoopMetadata(prototype: object, property: string): ParallelLoopOptions | undefined {
    return Reflect.getMetadata(PARALLEL_LOOP_METADATA, prototype, property) as ParallelLoopOptions | undefined;
  }

  getPropertyDependsOnMetadata(prototype: object, property: string): string[] | undefined {
    return Reflect.getMetadata(DEPENDS_ON_METADATA, prototype, property) as string[] | undefined;
  }

  isInputValidator(method: Function): boolean {
    return this.reflector.get<boolean | undefined>(VALIDATE_INPUT_METADATA, method) === true;
  }
}

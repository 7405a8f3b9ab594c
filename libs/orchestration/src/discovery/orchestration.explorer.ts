import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { LoopDeclaration, MethodDeclaration, WorkflowDeclaration } from '../definition/workflow-declaration';
import { InvalidWorkflowDefinitionError } from '../errors/invalid-workflow-definition.error';
import { OrchestrationMetadataAccessor } from './orchestration-metadata.accessor';

/** A `@Workflow()` provider found in the application, with the instance its steps run on. */
export interface DiscoveredWorkflow {
  declaration: WorkflowDeclaration;
  instance: object;
  /** Name of its `@ValidateInput()` method, if it has one. */
  inputValidator?: string;
}

/** Finds every `@Workflow()` provider and reads its declarations; has no side effects. */
@Injectable()
export class OrchestrationExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: OrchestrationMetadataAccessor,
  ) {}

  explore(): DiscoveredWorkflow[] {
    const discovered: DiscoveredWorkflow[] = [];
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      // The instance's constructor is the real class even for providers registered with useValue/useFactory.
      const instance = wrapper.instance as object | undefined;
      const type = instance?.constructor;
      if (instance === undefined || instance === null || type === undefined || seen.has(instance) || !this.accessor.isWorkflow(type)) {
        continue;
      }
      seen.add(instance);
      discovered.push({ declaration: this.declare(type as Type<unknown>, instance), instance, inputValidator: this.inputValidatorOf(type as Type<unknown>, instance) });
    }
    return discovered;
  }

  private declare(type: Type<unknown>, instance: object): WorkflowDeclaration {
    const options = this.accessor.getWorkflowMetadata(type) ?? {};
    const prototype = Object.getPrototypeOf(instance) as Record<string, Function>;
    const methods = this.scanner
      .getAllMethodNames(prototype)
      .map((method) => this.declareMethod(method, prototype[method]))
      .filter((method): method is MethodDeclaration => method !== undefined);
    return { className: type.name, name: options.name, taskQueue: options.taskQueue, internal: options.internal, methods };
  }

  private inputValidatorOf(type: Type<unknown>, instance: object): string | undefined {
    const prototype = Object.getPrototypeOf(instance) as Record<string, Function>;
    const validators = this.scanner.getAllMethodNames(prototype).filter((method) => this.accessor.isInputValidator(prototype[method]));
    if (validators.length > 1) {
      throw new InvalidWorkflowDefinitionError([
        `@ValidateInput() is on ${validators.map((method) => `"${type.name}#${method}"`).join(' and ')}: a workflow has at most one input validator. Merge them into one method.`,
      ]);
    }
    const [validator] = validators;
    if (validator !== undefined && this.declareMethod(validator, prototype[validator]) !== undefined) {
      throw new InvalidWorkflowDefinitionError([
        `@ValidateInput() on "${type.name}#${validator}" is also a step: the validator runs before the workflow starts, not as a step. Use a separate method.`,
      ]);
    }
    return validator;
  }

  private declareMethod(method: string, handler: Function): MethodDeclaration | undefined {
    const step = this.accessor.getStepMetadata(handler);
    const loop = this.accessor.getParallelLoopMetadata(handler);
    const dependsOn = this.accessor.getDependsOnMetadata(handler);
    if (step === undefined && loop === undefined && dependsOn === undefined) {
      return undefined;
    }
    return { method, step, loop: loop === undefined ? undefined : this.declareLoop(loop), dependsOn };
  }

  private declareLoop({ child, ...loop }: NonNullable<ReturnType<OrchestrationMetadataAccessor['getParallelLoopMetadata']>>): LoopDeclaration {
    if (child === undefined) {
      return loop;
    }
    const childOptions = this.accessor.getWorkflowMetadata(child);
    return {
      ...loop,
      child: {
        className: child.name,
        workflowType: childOptions === undefined ? undefined : (childOptions.name ?? child.name),
        taskQueue: childOptions?.taskQueue,
      },
    };
  }
}

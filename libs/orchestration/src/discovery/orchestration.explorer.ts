import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { LoopDeclaration, MethodDeclaration, WorkflowDeclaration } from '../definition/workflow-declaration';
import { OrchestrationMetadataAccessor } from './orchestration-metadata.accessor';

/** A `@Workflow()` provider found in the application, with the instance its steps run on. */
export interface DiscoveredWorkflow {
  declaration: WorkflowDeclaration;
  instance: object;
  /** Name of its `@ValidateInput()` method, if it has one. */
  inputValidator?: string;
}

/** What discovery found: the workflows it can serve, and why it cannot serve others (each a sentence ending with the fix). */
export interface Discovery {
  workflows: DiscoveredWorkflow[];
  problems: string[];
}

/** Finds every `@Workflow()` provider and reads its declarations; has no side effects. */
@Injectable()
export class OrchestrationExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: OrchestrationMetadataAccessor,
  ) {}

  explore(): Discovery {
    const workflows: DiscoveredWorkflow[] = [];
    const problems: string[] = [];
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.isDependencyTreeStatic() && wrapper.metatype !== null && this.accessor.isWorkflow(wrapper.metatype as Type<unknown>)) {
        problems.push(notStatic(wrapper.metatype as Type<unknown>));
        continue;
      }
      // The instance's constructor is the real class even for providers registered with useValue/useFactory.
      const instance = wrapper.instance as object | undefined;
      const type = instance?.constructor;
      if (instance === undefined || instance === null || type === undefined || seen.has(instance) || !this.accessor.isWorkflow(type)) {
        continue;
      }
      seen.add(instance);
      const inputValidator = this.inputValidatorOf(type as Type<unknown>, instance, problems);
      workflows.push({ declaration: this.declare(type as Type<unknown>, instance), instance, inputValidator });
    }
    return { workflows, problems };
  }

  private declare(type: Type<unknown>, instance: object): WorkflowDeclaration {
    const options = this.accessor.getWorkflowMetadata(type) ?? {};
    const prototype = Object.getPrototypeOf(instance) as Record<string, Function>;
    const methods = this.accessor
      .getStepMemberNames(prototype)
      .map((member) =>
        typeof prototype[member] === 'function' ? this.declareMethod(member, prototype[member]) : this.declareProperty(prototype, member),
      )
      .filter((method): method is MethodDeclaration => method !== undefined);
    return { className: type.name, name: options.name, taskQueue: options.taskQueue, internal: options.internal, methods };
  }

  /** The workflow's `@ValidateInput()` method, if it has exactly one that is not a step; problems otherwise. */
  private inputValidatorOf(type: Type<unknown>, instance: object, problems: string[]): string | undefined {
    const prototype = Object.getPrototypeOf(instance) as Record<string, Function>;
    const validators = this.scanner.getAllMethodNames(prototype).filter((method) => this.accessor.isInputValidator(prototype[method]));
    if (validators.length > 1) {
      problems.push(
        `@ValidateInput() is on ${validators.map((method) => `"${type.name}#${method}"`).join(' and ')}: a workflow has at most one ` +
          `input validator. Merge them into one method.`,
      );
      return undefined;
    }
    const [validator] = validators;
    if (validator !== undefined && this.declareMethod(validator, prototype[validator]) !== undefined) {
      problems.push(
        `@ValidateInput() on "${type.name}#${validator}" is also a step: the validator runs before the workflow starts, not as a ` +
          `step. Use a separate method.`,
      );
      return undefined;
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

  /** A property declares a loop of child workflows; it has no method to run. */
  private declareProperty(prototype: object, property: string): MethodDeclaration {
    const loop = this.accessor.getPropertyParallelLoopMetadata(prototype, property);
    const dependsOn = this.accessor.getPropertyDependsOnMetadata(prototype, property);
    return { method: property, property: true, loop: loop === undefined ? undefined : this.declareLoop(loop), dependsOn };
  }

  private declareLoop({
    child,
    ...loop
  }: NonNullable<ReturnType<OrchestrationMetadataAccessor['getParallelLoopMetadata']>>): LoopDeclaration {
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

/**
 * A request-scoped workflow class (or one that depends on a request-scoped provider) has no instance outside a
 * request: its steps would run on a bare instance without their dependencies.
 */
function notStatic(type: Type<unknown>): string {
  return (
    `@Workflow() class "${type.name}" is request-scoped (Scope.REQUEST, or it depends on a request-scoped provider), ` +
    'so its steps would run without their dependencies: activities run outside any request. Register it and its dependencies ' +
    'with the default singleton scope (remove the scope option), and pass per-execution data through the workflow input.'
  );
}

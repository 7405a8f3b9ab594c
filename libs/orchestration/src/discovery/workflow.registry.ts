import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { stepActivityType } from '../protocol';
import type { InputProblems } from '../decorators/validate-input.decorator';
import { inputProblems } from '../runtime/input-requirements';
import { InvalidWorkflowInputError } from '../errors/invalid-workflow-input.error';
import { WorkflowNotFoundError } from '../errors/workflow-not-found.error';
import { DEFAULT_TASK_QUEUE } from '../orchestration.constants';
import { ORCHESTRATION_OPTIONS, type OrchestrationModuleOptions } from '../orchestration-options';
import { compileDefinitions } from './compile-definitions';
import { OrchestrationExplorer } from './orchestration.explorer';

/** The step method behind an activity type, on the Nest provider instance that owns it. */
export interface StepBinding {
  instance: object;
  method: string;
}

/** A step of an earlier definition version whose method the current code no longer has. */
export interface RetiredStep {
  activityType: string;
  workflow: string;
  step: string;
  hash: string;
}

/**
 * Every workflow definition of the application, built and validated once at module init: an invalid declaration
 * stops the boot here, before any worker or client starts.
 */
@Injectable()
export class WorkflowRegistry implements OnModuleInit {
  private definitionsByName = new Map<string, WorkflowDefinition>();
  private bindings = new Map<string, StepBinding>();
  private inputValidators = new Map<string, StepBinding>();
  /** The provider instance of each workflow class, by class name. */
  private instances = new Map<string, object>();

  constructor(
    private readonly explorer: OrchestrationExplorer,
    @Inject(ORCHESTRATION_OPTIONS) private readonly options: OrchestrationModuleOptions,
  ) {}

  onModuleInit(): void {
    const { workflows: discovered, problems } = this.explorer.explore();
    const definitions = compileDefinitions(
      discovered.map(({ declaration }) => declaration),
      this.options.defaultTaskQueue ?? DEFAULT_TASK_QUEUE,
      problems,
    );
    definitions.forEach((definition, index) => {
      this.definitionsByName.set(definition.name, definition);
      const { instance, declaration, inputValidator } = discovered[index];
      this.instances.set(declaration.className, instance);
      if (inputValidator !== undefined) {
        this.inputValidators.set(definition.name, { instance, method: inputValidator });
      }
      for (const method of declaration.methods) {
        this.bindings.set(stepActivityType(declaration.className, method.method), { instance, method: method.method });
      }
    });
  }

  definitions(): WorkflowDefinition[] {
    return [...this.definitionsByName.values()];
  }

  get(name: string): WorkflowDefinition {
    const definition = this.definitionsByName.get(name);
    if (definition === undefined) {
      throw new WorkflowNotFoundError(name, [...this.definitionsByName.keys()]);
    }
    return definition;
  }

  /**
   * Refuses input that the definition (loops over the input, concurrency from the input) or the workflow's
   * `@ValidateInput()` method finds wrong, with every problem in one `InvalidWorkflowInputError`.
   */
  async validateInput(name: string, input: unknown): Promise<void> {
    const definition = this.get(name);
    const problems = inputProblems(definition, input);
    const validator = this.inputValidators.get(name);
    if (validator !== undefined) {
      const found =
        (await (validator.instance as Record<string, (input: unknown) => InputProblems | Promise<InputProblems>>)[validator.method](
          input,
        )) ?? [];
      problems.push(...found);
    }
    if (problems.length > 0) {
      throw new InvalidWorkflowInputError(name, problems);
    }
  }

  /** Step methods by activity type (`ClassName.method`). */
  stepBindings(): ReadonlyMap<string, StepBinding> {
    return this.bindings;
  }

  /**
   * The steps of earlier definition versions that the current code no longer declares: bound to the method when its
   * class still has it (it need not be a step any more), retired when it has not.
   */
  earlierSteps(earlier: readonly WorkflowDefinition[]): { bindings: Map<string, StepBinding>; retired: RetiredStep[] } {
    const bindings = new Map<string, StepBinding>();
    const retired: RetiredStep[] = [];
    for (const definition of earlier) {
      for (const step of definition.steps) {
        if (step.loop?.child !== undefined || this.bindings.has(step.activityType) || bindings.has(step.activityType)) continue;
        const method = step.activityType.slice(definition.className.length + 1);
        const instance = this.instances.get(definition.className) as Record<string, unknown> | undefined;
        if (instance !== undefined && typeof instance[method] === 'function') {
          bindings.set(step.activityType, { instance, method });
        } else if (!retired.some((known) => known.activityType === step.activityType)) {
          retired.push({ activityType: step.activityType, workflow: definition.name, step: step.name, hash: definition.hash });
        }
      }
    }
    return { bindings, retired };
  }
}

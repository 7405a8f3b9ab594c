import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { WorkflowDefinition } from '../definition/workflow-definition';
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

/**
 * Every workflow definition of the application, built and validated once at module init: an invalid declaration
 * stops the boot here, before any worker or client starts.
 */
@Injectable()
export class WorkflowRegistry implements OnModuleInit {
  private definitionsByName = new Map<string, WorkflowDefinition>();
  private bindings = new Map<string, StepBinding>();
  private inputValidators = new Map<string, StepBinding>();

  constructor(
    private readonly explorer: OrchestrationExplorer,
    @Inject(ORCHESTRATION_OPTIONS) private readonly options: OrchestrationModuleOptions,
  ) {}

  onModuleInit(): void {
    const discovered = this.explorer.explore();
    const definitions = compileDefinitions(
      discovered.map(({ declaration }) => declaration),
      this.options.defaultTaskQueue ?? DEFAULT_TASK_QUEUE,
    );
    definitions.forEach((definition, index) => {
      this.definitionsByName.set(definition.name, definition);
      const { instance, declaration, inputValidator } = discovered[index];
      if (inputValidator !== undefined) {
        this.inputValidators.set(definition.name, { instance, method: inputValidator });
      }
      for (const method of declaration.methods) {
        this.bindings.set(`${declaration.className}.${method.method}`, { instance, method: method.method });
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
      const found = (await (validator.instance as Record<string, (input: unknown) => InputProblems | Promise<InputProblems>>)[validator.method](input)) ?? [];
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
}

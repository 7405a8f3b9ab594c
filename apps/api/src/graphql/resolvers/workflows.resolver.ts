import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { WorkflowRegistry } from '@baton/orchestration';
import { ExpectedSpeedupService } from '../../forecast/expected-speedup.service';
import { ExpectedSpeedup } from '../../forecast/expected-speedup.type';
import { toWorkflowDefinition } from '../mappers/workflow-definition.mapper';
import { WorkflowDefinitionType } from '../types/workflow-definition.type';

@Resolver(() => WorkflowDefinitionType)
export class WorkflowsResolver {
  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly speedups: ExpectedSpeedupService,
  ) {}

  @Query(() => [WorkflowDefinitionType], { description: 'Every workflow this deployment serves.' })
  workflows(): WorkflowDefinitionType[] {
    return this.registry.definitions().map(toWorkflowDefinition);
  }

  @Query(() => WorkflowDefinitionType, { nullable: true, description: 'A workflow by name; null when there is none.' })
  workflow(@Args('name') name: string): WorkflowDefinitionType | null {
    const definition = this.registry.definitions().find((candidate) => candidate.name === name);
    return definition === undefined ? null : toWorkflowDefinition(definition);
  }

  @ResolveField(() => ExpectedSpeedup, {
    nullable: true,
    description:
      "The expected speedup of the workflow's first loop with a window, against one item at a time; null for a workflow without loop.",
  })
  expectedSpeedup(
    @Parent() workflow: WorkflowDefinitionType,
    @Args('concurrency', { type: () => Int, nullable: true, description: "The window; default: the input's, else the declared one." })
    concurrency: number | undefined,
    @Args('input', {
      type: () => GraphQLJSON,
      nullable: true,
      description: 'The input it would start with: its items, when the loop reads them.',
    })
    input: unknown,
  ): Promise<ExpectedSpeedup | null> {
    const definition = this.registry.definitions().find((candidate) => candidate.name === workflow.name)!;
    return this.speedups.estimate(definition, concurrency ?? undefined, input);
  }
}

import { Args, Query, Resolver } from '@nestjs/graphql';
import { WorkflowRegistry } from '@baton/orchestration';
import { toWorkflowDefinition } from '../mappers/workflow-definition.mapper';
import { WorkflowDefinitionType } from '../types/workflow-definition.type';

@Resolver(() => WorkflowDefinitionType)
export class WorkflowsResolver {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Query(() => [WorkflowDefinitionType], { description: 'Every workflow this deployment serves.' })
  workflows(): WorkflowDefinitionType[] {
    return this.registry.definitions().map(toWorkflowDefinition);
  }

  @Query(() => WorkflowDefinitionType, { nullable: true, description: 'A workflow by name; null when there is none.' })
  workflow(@Args('name') name: string): WorkflowDefinitionType | null {
    const definition = this.registry.definitions().find((candidate) => candidate.name === name);
    return definition === undefined ? null : toWorkflowDefinition(definition);
  }
}

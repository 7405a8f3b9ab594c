import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ExecutionQueryService, type ItemStatus } from '@baton/orchestration';
import { ExecutionLookup } from '../execution.lookup';
import type { ExecutionModel } from '../mappers/execution.mapper';
import { toExecution } from '../mappers/execution.mapper';
import { pageComplexity } from '../page-size';
import { ItemStatusValue } from '../types/enums';
import { ExecutionConnection } from '../types/execution-connection.type';
import { ExecutionFilter } from '../types/execution-filter.input';
import { ExecutionGraph } from '../types/execution-graph.type';
import { Execution } from '../types/execution.type';
import { ItemConnection } from '../types/item.type';

@Resolver(() => Execution)
export class ExecutionsResolver {
  constructor(
    private readonly queries: ExecutionQueryService,
    private readonly lookup: ExecutionLookup,
  ) {}

  @Query(() => ExecutionConnection, { description: 'Executions, newest first, a page at a time.', complexity: pageComplexity })
  async executions(
    @Args('filter', { type: () => ExecutionFilter, nullable: true }) filter: ExecutionFilter | undefined,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 500 (default 20).' }) first: number | undefined,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after: string | undefined,
  ): Promise<ExecutionConnection> {
    const page = await this.queries.listExecutions({
      workflowType: filter?.workflow,
      includeChildren: filter?.includeChildren,
      status: filter?.status,
      startedAfter: filter?.startedAfter,
      startedBefore: filter?.startedBefore,
      first: first ?? undefined,
      after: after ?? undefined,
    });
    const edges = page.edges.map(({ cursor, node }) => ({ cursor, node: toExecution(node) }));
    return { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo };
  }

  @Query(() => Execution, { nullable: true, description: 'One execution by its Temporal workflow id; null when there is none.' })
  execution(@Args('id', { type: () => ID }) id: string): Promise<ExecutionModel | null> {
    return this.lookup.find(id);
  }

  @ResolveField(() => ItemConnection, { description: 'Finished items in loop order, a page at a time.', complexity: pageComplexity })
  async items(
    @Parent() execution: ExecutionModel,
    @Args('status', { type: () => ItemStatusValue, nullable: true }) status: ItemStatusValue | undefined,
    @Args('search', { type: () => String, nullable: true, description: 'Substring of the item’s JSON, case-insensitive.' })
    search: string | undefined,
    @Args('step', { type: () => String, nullable: true, description: 'Only this loop step.' }) step: string | undefined,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 500 (default 20).' }) first: number | undefined,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ): Promise<ItemConnection> {
    const page = await this.queries.listItems(execution.id, {
      status: (status ?? undefined) as ItemStatus | undefined,
      search: search ?? undefined,
      step: step ?? undefined,
      first: first ?? undefined,
      after: after ?? undefined,
    });
    const edges = page.edges.map(({ cursor, node }) => ({
      cursor,
      node: { ...node, index: node.itemIndex, status: node.status as ItemStatusValue, preview: node.itemPreview },
    }));
    return { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo };
  }

  @ResolveField(() => GraphQLJSON, { nullable: true, description: 'The build report, for PackageBuilder executions that produced one.' })
  report(@Parent() execution: ExecutionModel): Promise<unknown> {
    return this.queries.getReport(execution.id);
  }

  @ResolveField(() => ExecutionGraph, {
    description: 'Steps (and, for loops whose items depend on each other, items) with their live status.',
  })
  graph(@Parent() execution: ExecutionModel): Promise<ExecutionGraph> {
    return this.lookup.graph(execution);
  }
}

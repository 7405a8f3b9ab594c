import { Inject } from '@nestjs/common';
import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ExecutionQueryService, type ItemStatus } from '@baton/orchestration';
import { API_OPTIONS, type ApiOptions } from '../../config/api-options';
import { CHILDREN_LISTED, ExecutionChildrenReader } from '../execution-children.reader';
import { ExecutionLookup } from '../execution.lookup';
import { ItemSummaryReader } from '../item-summary.reader';
import { ItemReader } from '../item.reader';
import { WindowChangesReader } from '../window-changes.reader';
import type { ExecutionModel } from '../mappers/execution.mapper';
import { toExecution } from '../mappers/execution.mapper';
import { toItem } from '../mappers/item.mapper';
import { pageComplexity } from '../page-size';
import { ItemStatusValue } from '../types/enums';
import { ExecutionConnection } from '../types/execution-connection.type';
import { ExecutionFilter } from '../types/execution-filter.input';
import { ExecutionGraph } from '../types/execution-graph.type';
import { Execution } from '../types/execution.type';
import { ItemSummary } from '../types/item-summary.type';
import { Item, ItemConnection } from '../types/item.type';
import { WindowChange } from '../types/window-change.type';

@Resolver(() => Execution)
export class ExecutionsResolver {
  constructor(
    private readonly queries: ExecutionQueryService,
    private readonly lookup: ExecutionLookup,
    private readonly children: ExecutionChildrenReader,
    private readonly summaries: ItemSummaryReader,
    private readonly itemReader: ItemReader,
    private readonly windows: WindowChangesReader,
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
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
    const edges = page.edges.map(({ cursor, node }) => ({ cursor, node: toItem(node) }));
    return { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo };
  }

  @ResolveField(() => Item, { nullable: true, description: 'One finished item by its loop step and key; null until it finished.' })
  item(
    @Parent() execution: ExecutionModel,
    @Args('step', { description: 'The loop step.' }) step: string,
    @Args('key', { description: 'The item’s key (its position when the loop has no `key`).' }) key: string,
  ): Promise<Item | null> {
    return this.itemReader.find(execution.id, step, key);
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

  @ResolveField(() => ItemSummary, { description: 'The finished items at a glance: counts by status, durations, errors grouped.' })
  itemSummary(@Parent() execution: ExecutionModel): Promise<ItemSummary> {
    return this.summaries.summary(execution.id);
  }

  @ResolveField(() => [Execution], {
    name: 'children',
    description: `The child executions it started (loop items run as child workflows), the first ${CHILDREN_LISTED} in start order.`,
    complexity: ({ childComplexity }) => 1 + CHILDREN_LISTED * Math.max(childComplexity, 1),
  })
  childExecutions(@Parent() execution: ExecutionModel): Promise<ExecutionModel[]> {
    return this.children.children(execution.id);
  }

  @ResolveField(() => [WindowChange], {
    description: "Each setConcurrency, pause and resume, when Temporal recorded it (read from the execution's Temporal history).",
  })
  windowChanges(@Parent() execution: ExecutionModel): Promise<WindowChange[]> {
    return this.windows.changes(execution.id);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "The execution's page (its event history) in the Temporal Web UI; null when the API does not know the UI's address.",
  })
  temporalUrl(@Parent() execution: ExecutionModel): string | null {
    const ui = this.options.temporalUi;
    return ui ? `${ui.url}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(execution.id)}` : null;
  }
}

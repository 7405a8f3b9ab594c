import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphNodeKind, StepKindValue } from './enums';

@ObjectType({ description: 'A child workflow each loop item runs as.' })
export class ChildWorkflow {
  @Field({ description: 'Temporal workflow type of the child.' })
  workflowType!: string;

  @Field()
  taskQueue!: string;
}

@ObjectType({ description: 'How a `@ParallelLoop()` step runs its items.' })
export class LoopOptions {
  @Field({ description: '"step:<name>" or "input" / "input:<path>": where the items come from.' })
  over!: string;

  @Field(() => Int, { description: 'Declared window: most items in flight.' })
  concurrency!: number;

  @Field({ nullable: true, description: 'Input property that overrides the concurrency per execution.' })
  concurrencyFrom?: string;

  @Field({ description: 'fail-fast, continue or block-dependents.' })
  onItemError!: string;

  @Field({ nullable: true })
  key?: string;

  @Field({ nullable: true, description: 'Item property listing the keys of the items it depends on.' })
  dependsOn?: string;

  @Field({ nullable: true })
  skipIf?: string;

  @Field(() => ChildWorkflow, { nullable: true })
  child?: ChildWorkflow;
}

@ObjectType()
export class WorkflowStep {
  @Field()
  name!: string;

  @Field(() => StepKindValue)
  kind!: StepKindValue;

  @Field(() => [String], { description: 'Steps whose results this step waits for.' })
  dependsOn!: string[];

  @Field({ description: 'Temporal activity type that runs the step (or each loop item).' })
  activityType!: string;

  @Field(() => LoopOptions, { nullable: true })
  loop?: LoopOptions;

  @Field(() => ChildWorkflow, { nullable: true })
  childWorkflow?: ChildWorkflow;
}

@ObjectType()
export class GraphNode {
  @Field()
  id!: string;

  @Field()
  label!: string;

  @Field(() => GraphNodeKind)
  kind!: GraphNodeKind;
}

@ObjectType()
export class GraphEdge {
  @Field()
  from!: string;

  @Field()
  to!: string;
}

@ObjectType({ description: 'Steps as nodes, "waits for" as edges (from the dependency to the dependent).' })
export class WorkflowGraph {
  @Field(() => [GraphNode])
  nodes!: GraphNode[];

  @Field(() => [GraphEdge])
  edges!: GraphEdge[];
}

@ObjectType('WorkflowDefinition', { description: 'A workflow the workers serve, read from its `@Workflow()` class at boot.' })
export class WorkflowDefinitionType {
  @Field({ description: 'Temporal workflow type; `startWorkflow` takes it.' })
  name!: string;

  @Field()
  taskQueue!: string;

  @Field({
    description:
      'Started only by other workflows (as a child): listed so the graph of its parent is complete, but `startWorkflow` refuses it.',
  })
  internal!: boolean;

  @Field({ description: 'Hash of the definition, stored in each execution memo.' })
  hash!: string;

  @Field(() => [WorkflowStep])
  steps!: WorkflowStep[];

  @Field(() => WorkflowGraph)
  graph!: WorkflowGraph;
}

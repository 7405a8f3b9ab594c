import { Field, ObjectType } from '@nestjs/graphql';
import { GraphNodeKind, NodeStatus } from './enums';
import { GraphEdge } from './workflow-definition.type';

@ObjectType()
export class ExecutionGraphNode {
  @Field()
  id!: string;

  @Field()
  label!: string;

  @Field(() => GraphNodeKind)
  kind!: GraphNodeKind;

  @Field(() => NodeStatus)
  status!: NodeStatus;
}

@ObjectType({ description: 'The execution as a graph with each node’s live status; a loop whose items depend on each other has one node per item.' })
export class ExecutionGraph {
  @Field(() => [ExecutionGraphNode])
  nodes!: ExecutionGraphNode[];

  @Field(() => [GraphEdge])
  edges!: GraphEdge[];
}

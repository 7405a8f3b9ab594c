import { Field, ObjectType } from '@nestjs/graphql';
import { NodeStatus } from './enums';
import { GraphEdge, GraphNode } from './workflow-definition.type';

@ObjectType()
export class ExecutionGraphNode extends GraphNode {
  @Field(() => NodeStatus)
  status!: NodeStatus;
}

@ObjectType({
  description: 'The execution as a graph with each node’s live status; a loop whose items depend on each other has one node per item.',
})
export class ExecutionGraph {
  @Field(() => [ExecutionGraphNode])
  nodes!: ExecutionGraphNode[];

  @Field(() => [GraphEdge])
  edges!: GraphEdge[];
}

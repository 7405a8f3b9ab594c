import { Field, ObjectType } from '@nestjs/graphql';
import { Execution } from './execution.type';
import { PageInfo } from './page-info.type';

@ObjectType()
export class ExecutionEdge {
  @Field()
  cursor!: string;

  @Field(() => Execution)
  node!: Execution;
}

@ObjectType({ description: 'Executions, newest first.' })
export class ExecutionConnection {
  @Field(() => [ExecutionEdge])
  edges!: ExecutionEdge[];

  @Field(() => [Execution])
  nodes!: Execution[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

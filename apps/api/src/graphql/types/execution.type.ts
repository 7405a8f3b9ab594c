import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ExecutionStatusValue } from './enums';
import { Progress } from './progress.type';

/**
 * One execution: a Temporal workflow id and its chain of runs. `progress`, `items`, `report` and `graph` are
 * resolved on demand.
 */
@ObjectType()
export class Execution {
  @Field(() => ID, { description: 'The Temporal workflow id.' })
  id!: string;

  @Field({ description: 'The latest Temporal run of the execution (continue-as-new starts new runs).' })
  runId!: string;

  @Field({ description: 'The workflow (definition) name.' })
  workflow!: string;

  @Field(() => String, { nullable: true, description: 'The parent execution, for a child workflow.' })
  parentId?: string | null;

  @Field(() => ExecutionStatusValue)
  status!: ExecutionStatusValue;

  @Field(() => GraphQLJSON, { nullable: true })
  input?: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  result?: unknown;

  @Field(() => String, { nullable: true })
  error?: string | null;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  closedAt?: Date | null;

  @Field(() => Progress)
  progress!: Progress;
}

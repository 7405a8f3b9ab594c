import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ExecutionEventKind, ExecutionStatusValue } from './enums';

@ObjectType({ description: 'Something that happened in an execution: an item started or ended, or the status changed.' })
export class ExecutionEvent {
  @Field()
  executionId!: string;

  @Field()
  workflow!: string;

  @Field(() => ExecutionEventKind)
  type!: ExecutionEventKind;

  @Field(() => Int, { description: 'The progress record the event came with.' })
  sequence!: number;

  @Field(() => Date)
  at!: Date;

  @Field({ nullable: true })
  step?: string;

  @Field({ nullable: true })
  key?: string;

  @Field(() => Int, { nullable: true })
  index?: number;

  @Field(() => Int, { nullable: true })
  attempts?: number;

  @Field(() => Int, { nullable: true })
  durationMs?: number;

  @Field({ nullable: true })
  error?: string;

  @Field({ nullable: true })
  blockedBy?: string;

  @Field(() => ExecutionStatusValue, { nullable: true })
  status?: ExecutionStatusValue;

  @Field(() => ExecutionStatusValue, { nullable: true })
  previousStatus?: ExecutionStatusValue;
}

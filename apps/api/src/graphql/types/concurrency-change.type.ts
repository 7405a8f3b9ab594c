import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The window of the execution before and after `setConcurrency`.' })
export class ConcurrencyChangeResult {
  @Field()
  executionId!: string;

  @Field(() => Int)
  previous!: number;

  @Field(() => Int)
  concurrency!: number;
}

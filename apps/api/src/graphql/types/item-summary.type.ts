import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ItemStatusValue } from './enums';

@ObjectType()
export class StatusCount {
  @Field(() => ItemStatusValue)
  status!: ItemStatusValue;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Items that ran (succeeded or failed) for at least `fromMs` and less than `toMs`.' })
export class DurationBucket {
  @Field(() => Float)
  fromMs!: number;

  @Field(() => Float)
  toMs!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Failed items whose error starts with the same line.' })
export class ErrorGroup {
  @Field({ description: 'The first line of the error.' })
  message!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [String], { description: 'Keys of the first few items (in loop order) that failed so.' })
  keys!: string[];
}

@ObjectType({ description: 'The finished items at a glance: counts by status, a duration histogram and the errors grouped.' })
export class ItemSummary {
  @Field(() => [StatusCount], { description: 'Statuses that occur, in the protocol order.' })
  counts!: StatusCount[];

  @Field(() => [DurationBucket], { description: 'Equal-width buckets from the shortest to the longest run; empty when nothing ran.' })
  durations!: DurationBucket[];

  @Field(() => [ErrorGroup], { description: 'Most frequent first, at most 20.' })
  errors!: ErrorGroup[];
}

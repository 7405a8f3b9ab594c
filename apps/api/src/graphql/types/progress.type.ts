import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { LoopCounters } from '@baton/orchestration/protocol';

@ObjectType({ description: 'Counters over every loop of an execution, as last recorded.' })
export class Progress implements LoopCounters {
  @Field(() => Int, { description: 'Items known so far across loops.' })
  total!: number;

  @Field(() => Int, { description: 'Items finished, in any status.' })
  completed!: number;

  @Field(() => Int)
  succeeded!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int, { description: 'Items never started because an item they depend on failed.' })
  blocked!: number;

  @Field(() => Int)
  skipped!: number;

  @Field(() => Int, { description: 'Items in flight.' })
  running!: number;

  @Field(() => Float, { description: '0 to 100; 100 once every item finished, or when the execution completed.' })
  percent!: number;

  @Field(() => Float, { description: 'Finished items per second, smoothed.' })
  ratePerSecond!: number;

  @Field(() => Float, { nullable: true, description: 'Seconds left at the current rate; null while unknown.' })
  etaSeconds!: number | null;

  @Field(() => Float, { description: 'Milliseconds from the start to the latest record.' })
  elapsedMs!: number;

  @Field(() => Int, { description: 'The windows of the loops still running (after any setConcurrency).' })
  concurrency!: number;

  @Field({ description: 'True while the execution is paused: loops start nothing new.' })
  paused!: boolean;

  @Field({ description: 'Closed executions are final.' })
  closed!: boolean;

  @Field(() => Date)
  updatedAt!: Date;
}

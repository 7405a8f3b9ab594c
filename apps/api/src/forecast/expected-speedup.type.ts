import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "How much faster the workflow's loop should run with its window than one item at a time, simulated on the window's lanes " +
    'with the item durations recorded so far (see docs/dashboard.md).',
})
export class ExpectedSpeedup {
  @Field(() => Int, { description: 'The window simulated.' })
  concurrency!: number;

  @Field(() => Int, { description: 'Items simulated: those of the input given, else of the latest execution that recorded any.' })
  items!: number;

  @Field(() => Float, { nullable: true, description: 'One item at a time: the sum of the estimated durations. Null when unknown.' })
  sequentialMs!: number | null;

  @Field(() => Float, { nullable: true, description: 'The simulated makespan with the window. Null when unknown.' })
  makespanMs!: number | null;

  @Field(() => Float, { nullable: true, description: '`sequentialMs / makespanMs`; null when no item duration is recorded yet.' })
  factor!: number | null;
}

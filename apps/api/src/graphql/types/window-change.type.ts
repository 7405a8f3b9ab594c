import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "A change of the execution's window or pause state, at the instant Temporal recorded it." })
export class WindowChange {
  @Field(() => Date)
  at!: Date;

  @Field(() => Int, { nullable: true, description: '`setConcurrency`: the window before the change.' })
  previous?: number;

  @Field(() => Int, { nullable: true, description: '`setConcurrency`: the window in force from then on.' })
  concurrency?: number;

  @Field({ nullable: true, description: 'Pause (true) or resume (false).' })
  paused?: boolean;
}

import { Field, InputType } from '@nestjs/graphql';
import { ExecutionStatusValue } from './enums';

@InputType()
export class ExecutionFilter {
  @Field({ nullable: true, description: 'Only executions of this workflow.' })
  workflow?: string;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Also list child workflows (loop items run as children); each belongs to its parent.',
  })
  includeChildren?: boolean;

  @Field(() => ExecutionStatusValue, { nullable: true })
  status?: ExecutionStatusValue;

  @Field(() => Date, { nullable: true, description: 'Started strictly after this instant.' })
  startedAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Started strictly before this instant.' })
  startedBefore?: Date;
}

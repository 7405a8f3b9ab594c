import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ItemStatusValue } from './enums';
import { PageInfo } from './page-info.type';

@ObjectType({ description: 'A finished item of a loop.' })
export class Item {
  @Field({ description: 'The loop step.' })
  step!: string;

  @Field(() => Int, { description: 'Position in the loop input.' })
  index!: number;

  @Field()
  key!: string;

  @Field(() => ItemStatusValue)
  status!: ItemStatusValue;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Float)
  durationMs!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'For a blocked item: the failed item it depends on.' })
  blockedBy!: string | null;

  @Field({ description: 'JSON of the item, cut to 1 KB.' })
  preview!: string;

  @Field(() => String, { nullable: true, description: 'JSON of its result, cut to 1 KB.' })
  outputPreview!: string | null;
}

@ObjectType()
export class ItemEdge {
  @Field()
  cursor!: string;

  @Field(() => Item)
  node!: Item;
}

@ObjectType()
export class ItemConnection {
  @Field(() => [ItemEdge])
  edges!: ItemEdge[];

  @Field(() => [Item])
  nodes!: Item[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

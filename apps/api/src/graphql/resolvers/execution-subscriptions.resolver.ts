import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { eachValueFrom } from 'rxjs-for-await';
import { ExecutionFeeds } from '../../realtime/execution-feeds.service';
import { ExecutionLookup } from '../execution.lookup';
import { ExecutionEvent } from '../types/execution-event.type';
import { Execution } from '../types/execution.type';
import { Progress } from '../types/progress.type';

/** Each subscription is an rxjs stream of this instance's LISTEN connection, handed to graphql-ws as an async iterator. */
@Resolver()
export class ExecutionSubscriptionsResolver {
  constructor(
    private readonly feeds: ExecutionFeeds,
    private readonly lookup: ExecutionLookup,
  ) {}

  @Subscription(() => Progress, {
    description: 'The execution’s progress now, then at every record until it closes.',
    resolve: (value: Progress) => value,
  })
  async executionProgress(@Args('id', { type: () => ID }) id: string): Promise<AsyncIterableIterator<Progress>> {
    const execution = await this.lookup.get(id);
    return eachValueFrom(this.feeds.progressOf(id, execution.progress));
  }

  @Subscription(() => ExecutionEvent, {
    description: 'Items starting and ending, and status changes, as they are recorded.',
    resolve: (value: ExecutionEvent) => value,
  })
  async executionEvents(@Args('id', { type: () => ID }) id: string): Promise<AsyncIterableIterator<ExecutionEvent>> {
    await this.lookup.get(id);
    return eachValueFrom(this.feeds.eventsOf(id)) as AsyncIterableIterator<ExecutionEvent>;
  }

  @Subscription(() => Execution, {
    description: 'Every execution (of one workflow, when given) whose record changes.',
    resolve: (value: Execution) => value,
  })
  executionsChanged(
    @Args('workflow', { type: () => String, nullable: true }) workflow: string | undefined,
  ): AsyncIterableIterator<Execution> {
    return eachValueFrom(this.feeds.executionsChanged(workflow ?? undefined));
  }
}

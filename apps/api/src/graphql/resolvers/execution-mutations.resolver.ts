import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { BatonClient } from '../../../../../libs/orchestration/src';
import { ExecutionLookup } from '../execution.lookup';
import { startedExecution, type ExecutionModel } from '../mappers/execution.mapper';
import { ConcurrencyChangeResult } from '../types/concurrency-change.type';
import { Execution } from '../types/execution.type';

@Resolver(() => Execution)
export class ExecutionMutationsResolver {
  constructor(
    private readonly client: BatonClient,
    private readonly lookup: ExecutionLookup,
  ) {}

  @Mutation(() => Execution, { description: 'Starts a workflow by name with JSON input; the input is validated before anything starts.' })
  async startWorkflow(
    @Args('name') name: string,
    @Args('input', { type: () => GraphQLJSON, nullable: true }) input: unknown,
    @Args('id', { type: () => String, nullable: true, description: 'Temporal workflow id; generated when omitted.' }) id: string | undefined,
  ): Promise<ExecutionModel> {
    const handle = await this.client.start(name, input ?? undefined, { workflowId: id ?? undefined });
    return startedExecution(handle.workflowId, handle.firstExecutionRunId, this.client.definition(name).name, input ?? null);
  }

  @Mutation(() => Execution, { description: 'Asks the execution to cancel: running items are cancelled, the rest never start.' })
  async cancelExecution(@Args('id', { type: () => ID }) id: string): Promise<ExecutionModel> {
    const execution = await this.lookup.get(id);
    await this.client.cancel(id);
    return execution;
  }

  @Mutation(() => Execution, { description: 'Pauses the execution’s loops: they start nothing new; running items finish.' })
  async pauseExecution(@Args('id', { type: () => ID }) id: string): Promise<ExecutionModel> {
    const execution = await this.lookup.get(id);
    await this.client.pause(id);
    return this.withPauseFlag(execution);
  }

  @Mutation(() => Execution, { description: 'Resumes a paused execution: its loops fill their windows again at once.' })
  async resumeExecution(@Args('id', { type: () => ID }) id: string): Promise<ExecutionModel> {
    const execution = await this.lookup.get(id);
    await this.client.resume(id);
    return this.withPauseFlag(execution);
  }

  /**
   * The pause flag as the workflow holds it now: Temporal answers a query after the workflow has handled the signals
   * sent before it, while the record only changes with the next progress batch.
   */
  private async withPauseFlag(execution: ExecutionModel): Promise<ExecutionModel> {
    const { paused } = await this.client.progress(execution.id);
    return { ...execution, progress: { ...execution.progress, paused } };
  }

  @Mutation(() => ConcurrencyChangeResult, {
    description: 'Changes the window of the execution’s loops while they run (a Temporal Update): never more than the new value in flight.',
  })
  async setConcurrency(@Args('id', { type: () => ID }) id: string, @Args('concurrency', { type: () => Int }) concurrency: number): Promise<ConcurrencyChangeResult> {
    await this.lookup.get(id);
    const change = await this.client.setConcurrency(id, concurrency);
    return { executionId: id, ...change };
  }
}

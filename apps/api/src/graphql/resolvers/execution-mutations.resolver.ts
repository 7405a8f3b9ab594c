import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { WorkflowNotFoundError as TemporalWorkflowNotFoundError } from '@temporalio/client';
import { GraphQLJSON } from 'graphql-scalars';
import { BatonClient, WorkflowRegistry } from '@baton/orchestration';
import { ExecutionClosedError } from '../execution-closed.error';
import { couldBeExecutionId } from '../execution-id';
import { InvalidExecutionIdError } from '../invalid-execution-id.error';
import { ExecutionLookup } from '../execution.lookup';
import { InternalWorkflowError } from '../internal-workflow.error';
import { startedExecution, type ExecutionModel } from '../mappers/execution.mapper';
import { ConcurrencyChangeResult } from '../types/concurrency-change.type';
import { ExecutionStatusValue } from '../types/enums';
import { Execution } from '../types/execution.type';

@Resolver(() => Execution)
export class ExecutionMutationsResolver {
  constructor(
    private readonly client: BatonClient,
    private readonly lookup: ExecutionLookup,
    private readonly registry: WorkflowRegistry,
  ) {}

  @Mutation(() => Execution, { description: 'Starts a workflow by name with JSON input; the input is validated before anything starts.' })
  async startWorkflow(
    @Args('name') name: string,
    @Args('input', { type: () => GraphQLJSON, nullable: true }) input: unknown,
    @Args('id', { type: () => String, nullable: true, description: 'Temporal workflow id; generated when omitted.' })
    id: string | undefined,
  ): Promise<ExecutionModel> {
    const definition = this.client.definition(name);
    if (definition.internal) throw new InternalWorkflowError(definition.name, this.parentsOf(definition.name));
    if (id !== undefined && id !== null && !couldBeExecutionId(id)) throw new InvalidExecutionIdError(id);
    const handle = await this.client.start(name, input ?? undefined, { workflowId: id ?? undefined });
    return startedExecution(handle.workflowId, handle.firstExecutionRunId, definition.name, input ?? null);
  }

  /** The workflows whose loops run `workflow` as their items' child. */
  private parentsOf(workflow: string): string[] {
    return this.registry
      .definitions()
      .filter((definition) => definition.steps.some((step) => step.loop?.child?.workflowType === workflow))
      .map((definition) => definition.name);
  }

  @Mutation(() => Execution, { description: 'Asks the execution to cancel: running items are cancelled, the rest never start.' })
  async cancelExecution(@Args('id', { type: () => ID }) id: string): Promise<ExecutionModel> {
    return (await this.steer(id, 'cancelled', () => this.client.cancel(id))).execution;
  }

  @Mutation(() => Execution, { description: 'Pauses the execution’s loops: they start nothing new; running items finish.' })
  async pauseExecution(@Args('id', { type: () => ID }) id: string): Promise<ExecutionModel> {
    const { execution } = await this.steer(id, 'paused', () => this.client.pause(id));
    return this.withPauseFlag(execution);
  }

  @Mutation(() => Execution, { description: 'Resumes a paused execution: its loops fill their windows again at once.' })
  async resumeExecution(@Args('id', { type: () => ID }) id: string): Promise<ExecutionModel> {
    const { execution } = await this.steer(id, 'resumed', () => this.client.resume(id));
    return this.withPauseFlag(execution);
  }

  /**
   * Runs a signal or update on a running execution. A closed one is the caller's mistake, said as such, whether its
   * record already shows it or Temporal finds it closed when the request arrives.
   */
  private async steer<T>(id: string, action: string, request: () => Promise<T>): Promise<{ execution: ExecutionModel; outcome: T }> {
    const execution = await this.lookup.get(id);
    if (execution.status !== ExecutionStatusValue.RUNNING) throw new ExecutionClosedError(id, execution.status, action);
    try {
      return { execution, outcome: await request() };
    } catch (error) {
      if (error instanceof TemporalWorkflowNotFoundError) throw new ExecutionClosedError(id, 'closed', action);
      throw error;
    }
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
  async setConcurrency(
    @Args('id', { type: () => ID }) id: string,
    @Args('concurrency', { type: () => Int }) concurrency: number,
  ): Promise<ConcurrencyChangeResult> {
    const { outcome } = await this.steer(id, 'given a new window', () => this.client.setConcurrency(id, concurrency));
    return { executionId: id, ...outcome };
  }
}

import { Inject, Injectable, type BeforeApplicationShutdown, type Type } from '@nestjs/common';
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { WorkflowRegistry } from '../discovery/workflow.registry';
import { OrchestrationMetadataAccessor } from '../discovery/orchestration-metadata.accessor';
import { InvalidConcurrencyError } from '../errors/invalid-concurrency.error';
import { InvalidWorkflowInputError } from '../errors/invalid-workflow-input.error';
import { ORCHESTRATION_OPTIONS, type OrchestrationModuleOptions } from '../orchestration-options';
import { DEFINITION_HASH_MEMO, type ConcurrencyChange, type ExecutionProgress } from '../protocol';
import { isValidConcurrency, pauseSignal, resumeSignal, setConcurrencyUpdate } from '../runtime/execution-control';
import { progressQuery } from '../runtime/progress.query';
import { startRequestProblems } from './start-request.limits';
import { temporalConnectionOptions } from './temporal-connection';

export interface StartOptions {
  /** Temporal workflow id; defaults to `<workflow name>-<random>`. */
  workflowId?: string;
}

/** Starts, follows, steers and cancels Baton workflows by definition name or by `@Workflow()` class. */
@Injectable()
export class BatonClient implements BeforeApplicationShutdown {
  private connected?: Promise<Client>;

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly accessor: OrchestrationMetadataAccessor,
    @Inject(ORCHESTRATION_OPTIONS) private readonly options: OrchestrationModuleOptions,
  ) {}

  /** The underlying Temporal client, connected on first use; a failed attempt is forgotten, so the next call retries. */
  temporal(): Promise<Client> {
    if (this.connected === undefined) {
      const connecting = Connection.connect(temporalConnectionOptions(this.options.temporal)).then(
        (connection) => new Client({ connection, namespace: this.options.temporal.namespace ?? 'default' }),
      );
      this.connected = connecting;
      connecting.catch(() => {
        if (this.connected === connecting) this.connected = undefined;
      });
    }
    return this.connected;
  }

  definition(workflow: string | Type<unknown>): WorkflowDefinition {
    const name = typeof workflow === 'string' ? workflow : (this.accessor.getWorkflowMetadata(workflow)?.name ?? workflow.name);
    return this.registry.get(name);
  }

  async start<TResult = unknown>(
    workflow: string | Type<unknown>,
    input?: unknown,
    options: StartOptions = {},
  ): Promise<WorkflowHandleWithFirstExecutionRunId<(input?: unknown) => Promise<TResult>>> {
    const definition = this.definition(workflow);
    const problems = startRequestProblems(options.workflowId, input);
    if (problems.length > 0) throw new InvalidWorkflowInputError(definition.name, problems);
    await this.registry.validateInput(definition.name, input);
    const client = await this.temporal();
    return client.workflow.start<(input?: unknown) => Promise<TResult>>(definition.name, {
      taskQueue: definition.taskQueue,
      workflowId: options.workflowId ?? `${definition.name}-${crypto.randomUUID()}`,
      args: input === undefined ? [] : [input],
      memo: { [DEFINITION_HASH_MEMO]: definition.hash },
      // One workflow id, one execution: its record, items and events are keyed by the id.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  }

  /** Starts a workflow and waits for its result. */
  async execute<TResult = unknown>(workflow: string | Type<unknown>, input?: unknown, options: StartOptions = {}): Promise<TResult> {
    const handle = await this.start<TResult>(workflow, input, options);
    return handle.result();
  }

  async progress(workflowId: string): Promise<ExecutionProgress> {
    const client = await this.temporal();
    return client.workflow.getHandle(workflowId).query(progressQuery);
  }

  /** Signals `baton.pause`: the execution's loops start no new items; items already running finish. */
  async pause(workflowId: string): Promise<void> {
    const client = await this.temporal();
    await client.workflow.getHandle(workflowId).signal(pauseSignal);
  }

  /** Signals `baton.resume`: the loops refill their windows at once. */
  async resume(workflowId: string): Promise<void> {
    const client = await this.temporal();
    await client.workflow.getHandle(workflowId).signal(resumeSignal);
  }

  /**
   * Sends the update `baton.setConcurrency`: every loop of the execution, running or still to come, keeps at most
   * `concurrency` items in flight from now on. Resolves once the workflow applied it, with the window before and after.
   * @throws InvalidConcurrencyError when `concurrency` is not an integer ≥ 1, before anything is sent.
   */
  async setConcurrency(workflowId: string, concurrency: number): Promise<ConcurrencyChange> {
    if (!isValidConcurrency(concurrency)) {
      throw new InvalidConcurrencyError(workflowId, concurrency);
    }
    const client = await this.temporal();
    return client.workflow.getHandle(workflowId).executeUpdate(setConcurrencyUpdate, { args: [concurrency] });
  }

  async cancel(workflowId: string): Promise<void> {
    const client = await this.temporal();
    await client.workflow.getHandle(workflowId).cancel();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    await (await connected?.catch(() => undefined))?.connection.close();
  }
}

import type { Abstract, Type } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import {
  BatonClient,
  BatonWorkerService,
  type ExecutionProgress,
  type StartOptions,
  type TemporalConnectionSettings,
} from '@baton/orchestration';
import type { HistoryEvent } from './history-window';
import { assertTaskQueueReplays } from './replay.assertion';
import type { TestTemporal } from './test-temporal.server';

/** An execution: a handle from `start()`, or anything naming a workflow id (and optionally the run). */
export type ExecutionRef = string | { readonly workflowId: string; readonly runId?: string };

/** A workflow by `@Workflow()` class or by name, as `BatonClient` takes it. */
export type WorkflowRef = string | Type<unknown>;

/**
 * A compiled and started Baton testing module: Nest's `TestingModule` with the application's workflows running on a
 * real Temporal worker on their own task queue. Close it in `afterAll`.
 */
export class BatonTestingModule {
  /** Baton's client in the module, for what the helpers do not cover (`pause`, `setConcurrency`, `temporal()`). */
  readonly client: BatonClient;
  private closing?: Promise<void>;

  constructor(
    /** Nest's compiled testing module (`moduleRef` in Nest's testing docs). */
    readonly moduleRef: TestingModule,
    private readonly server: TestTemporal,
    /** The task queue of the workflows whose `@Workflow()` names none. */
    readonly taskQueue: string,
  ) {
    this.client = moduleRef.get(BatonClient);
  }

  /** Where the worker and client connect: the named server, or the dev server the kit started. */
  get temporal(): TemporalConnectionSettings {
    return this.server.settings;
  }

  /** A provider of the module (a fake you overrode, a repository, the workflow class itself). */
  get<T>(token: Type<T> | Abstract<T> | string | symbol): T {
    return this.moduleRef.get<T>(token, { strict: false });
  }

  /** Starts a workflow, after its input is validated as in production; resolves to Temporal's handle. */
  start<TResult = unknown>(
    workflow: WorkflowRef,
    input?: unknown,
    options?: StartOptions,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<(input?: unknown) => Promise<TResult>>> {
    return this.client.start<TResult>(workflow, input, options);
  }

  /** Starts a workflow and waits for its result (a failed workflow rejects with Temporal's `WorkflowFailedError`). */
  execute<TResult = unknown>(workflow: WorkflowRef, input?: unknown, options?: StartOptions): Promise<TResult> {
    return this.client.execute<TResult>(workflow, input, options);
  }

  /** The `progress` query: each loop's counters, answered by the workflow itself at any time. */
  progress(execution: ExecutionRef): Promise<ExecutionProgress> {
    return this.client.progress(workflowIdOf(execution));
  }

  /** The events of the execution's history (of its latest run, unless the reference names a run). */
  async history(execution: ExecutionRef): Promise<HistoryEvent[]> {
    const temporal = await this.client.temporal();
    const handle =
      typeof execution === 'string'
        ? temporal.workflow.getHandle(execution)
        : temporal.workflow.getHandle(execution.workflowId, execution.runId);
    return (await handle.fetchHistory()).events ?? [];
  }

  /**
   * Replays every history on this module's task queue with the workflow bundle its worker runs, failing on any
   * determinism error. Resolves to how many histories were replayed.
   */
  async assertReplays(): Promise<number> {
    const bundle = this.moduleRef.get(BatonWorkerService).workflowBundle();
    if (bundle === undefined) {
      throw new Error(
        `assertReplays() needs the workflow bundle of this module's worker, but it runs none (worker.enabled is false, or the module ` +
          `has no @Workflow() provider). ` +
          `To replay the histories of workers in other processes, compile a module with the same workflows and taskQueue ` +
          `"${this.taskQueue}", with its worker on.`,
      );
    }
    return assertTaskQueueReplays(await this.client.temporal(), this.taskQueue, { code: bundle.code });
  }

  /** Drains the worker, closes the module, and stops the dev server if this was its last user; safe to call twice. */
  close(): Promise<void> {
    return (this.closing ??= this.moduleRef.close().finally(() => this.server.release()));
  }
}

function workflowIdOf(execution: ExecutionRef): string {
  return typeof execution === 'string' ? execution : execution.workflowId;
}

import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { temporalConnectionOptions } from '../client/temporal-connection';
import { BATON_HOME } from '../config/baton-home';
import { WorkflowRegistry } from '../discovery/workflow.registry';
import { PROGRESS_SINK_ACTIVITY, type ProgressBatch } from '../protocol';
import { ORCHESTRATION_OPTIONS, type OrchestrationModuleOptions } from '../orchestration-options';
import { DefinitionVersionsService, ProgressSinkService } from '../persistence';
import type { InterpreterOptions } from '../runtime/workflow-interpreter';
import { withAutomaticHeartbeat } from './activity-heartbeat';
import { createRetiredStepActivities, createStepActivities } from './step-activity.host';
import { installTemporalRuntime } from './temporal-runtime';
import { compileWorkflowBundle, type CompiledWorkflowBundle } from './workflow-bundle.compiler';
import { workerTuning } from './worker-tuning';
import { isError } from '../errors/error-message';

/**
 * Owns the Temporal workers of this process: one per task queue, started on bootstrap with the compiled workflow
 * bundle and the step activities, drained and awaited on shutdown.
 */
@Injectable()
export class BatonWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BatonWorker');
  private connection?: NativeConnection;
  private workers: Worker[] = [];
  private running: Promise<void>[] = [];
  private bundle?: CompiledWorkflowBundle;

  constructor(
    private readonly registry: WorkflowRegistry,
    @Inject(ORCHESTRATION_OPTIONS) private readonly options: OrchestrationModuleOptions,
    @Inject(BATON_HOME) private readonly home: string,
    /** Present when the module has persistence: executions then report progress to it. */
    @Optional() private readonly progressSink?: ProgressSinkService,
    /** Present with persistence too: earlier definition versions, for executions that started with them. */
    @Optional() private readonly definitionVersions?: DefinitionVersionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.options.worker ?? {};
    const definitions = this.registry.definitions();
    if (settings.enabled === false || definitions.length === 0) {
      return;
    }
    installTemporalRuntime();
    const cacheDir = settings.bundleCacheDir ?? join(this.home, 'bundles');
    const earlier = (await this.definitionVersions?.earlierVersions(definitions)) ?? [];
    const bundle = (this.bundle = await compileWorkflowBundle(definitions, cacheDir, { interpreter: this.interpreterOptions(), earlier }));
    this.logger.log(
      `Workflow bundle ${bundle.key} ${bundle.cached ? 'reused from cache' : 'compiled'} (${definitions.length} workflow ` +
        `types, ${earlier.length} earlier versions)`,
    );

    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.options.temporal));
    await this.progressSink?.recordDefinitions(definitions);
    const earlierSteps = this.registry.earlierSteps(earlier);
    const activities = {
      ...createRetiredStepActivities(earlierSteps.retired),
      ...createStepActivities(earlierSteps.bindings),
      ...createStepActivities(this.registry.stepBindings()),
      ...(this.progressSink === undefined
        ? {}
        : { [PROGRESS_SINK_ACTIVITY]: (batch: ProgressBatch) => withAutomaticHeartbeat(() => this.progressSink!.record(batch)) }),
    };
    const taskQueues = [...new Set(definitions.map((definition) => definition.taskQueue))];
    this.workers = await Promise.all(
      taskQueues.map((taskQueue) =>
        Worker.create({
          connection: this.connection!,
          namespace: this.options.temporal.namespace ?? 'default',
          taskQueue,
          workflowBundle: { code: bundle.code },
          activities,
          shutdownGraceTime: settings.shutdownGraceTime ?? '10s',
          ...workerTuning(settings),
        }),
      ),
    );
    for (const [index, taskQueue] of taskQueues.entries()) {
      const types = definitions.filter((definition) => definition.taskQueue === taskQueue).map((definition) => definition.name);
      this.logger.log(`Worker on task queue "${taskQueue}" serves workflow types: ${types.join(', ')}`);
      this.running.push(
        this.workers[index].run().catch((error: unknown) => {
          this.logger.error(`Worker on task queue "${taskQueue}" stopped with an error`, isError(error) ? error.stack : String(error));
          throw error;
        }),
      );
    }
  }

  private interpreterOptions(): InterpreterOptions {
    if (this.progressSink === undefined) {
      return {};
    }
    const settings = this.options.persistence?.progress;
    const continueAsNewAfterEvents = this.options.worker?.continueAsNewAfterEvents;
    return {
      // The defaults are the run's to choose: a run replays with those it started with.
      progress: settings ?? {},
      ...(continueAsNewAfterEvents === undefined ? {} : { continueAsNewAfterEvents }),
    };
  }

  /** The workflow bundle the workers run; replay tooling uses it to check histories for determinism. */
  workflowBundle(): CompiledWorkflowBundle | undefined {
    return this.bundle;
  }

  /** Resolves when every worker has stopped (after shutdown, or when one fails). */
  async whenStopped(): Promise<void> {
    await Promise.all(this.running);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const worker of this.workers) {
      // Temporal's runtime also stops workers on SIGINT/SIGTERM; only ask those still running.
      if (worker.getState() === 'RUNNING') {
        worker.shutdown();
      }
    }
    await Promise.allSettled(this.running);
    await this.connection?.close();
    this.workers = [];
    this.running = [];
    this.connection = undefined;
  }
}

import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { join } from 'node:path';
import { temporalConnectionOptions } from '../client/temporal-connection';
import { userCacheFolder } from '../config/user-cache-folder';
import { WorkflowRegistry } from '../discovery/workflow.registry';
import { PROGRESS_SINK_ACTIVITY, type ProgressBatch } from '../protocol';
import { ORCHESTRATION_OPTIONS, type OrchestrationModuleOptions } from '../orchestration-options';
import { DefinitionVersionsService, ProgressSinkService } from '../persistence';
import type { InterpreterOptions } from '../runtime/workflow-interpreter';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { withAutomaticHeartbeat } from './activity-heartbeat';
import { createRetiredStepActivities, createStepActivities } from './step-activity.host';
import { installTemporalRuntime } from './temporal-runtime';
import { compileWorkflowBundle, type CompiledWorkflowBundle } from './workflow-bundle.compiler';
import { workerTuning } from './worker-tuning';
import { isError } from '../errors/error-message';

/** What the workers are created with, gathered at module init. */
interface WorkerInputs {
  definitions: WorkflowDefinition[];
  connection: NativeConnection;
  bundle: CompiledWorkflowBundle;
  activities: WorkerOptions['activities'];
}

/**
 * Owns the Temporal workers of this process: one per task queue, started on bootstrap with the compiled workflow
 * bundle and the step activities, drained and awaited on shutdown. What they need (the Temporal connection, the
 * earlier definition versions, the bundle, the definitions' record) is gathered from module init on, side by side and
 * while the rest of the application initialises, so that bootstrap creates the workers at once. The workers themselves
 * are created at bootstrap only: a created worker keeps the process alive until it runs, and an application whose
 * init fails never bootstraps.
 */
@Injectable()
export class BatonWorkerService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BatonWorker');
  private connection?: NativeConnection;
  private workers: Worker[] = [];
  private running: Promise<void>[] = [];
  private bundle?: CompiledWorkflowBundle;
  private inputs?: Promise<WorkerInputs>;
  /** See whenCreating(). */
  private readonly creating: Promise<void>;
  private settleCreating!: (failure?: { error: unknown }) => void;

  constructor(
    private readonly registry: WorkflowRegistry,
    @Inject(ORCHESTRATION_OPTIONS) private readonly options: OrchestrationModuleOptions,
    /** Present when the module has persistence: executions then report progress to it. */
    @Optional() private readonly progressSink?: ProgressSinkService,
    /** Present with persistence too: earlier definition versions, for executions that started with them. */
    @Optional() private readonly definitionVersions?: DefinitionVersionsService,
  ) {
    this.creating = new Promise((resolve, reject) => {
      this.settleCreating = (failure) => (failure === undefined ? resolve() : reject(failure.error));
    });
    // A caller may never ask.
    this.creating.catch(() => undefined);
  }

  /** After the registry's own init (a dependency's hook runs first): the definitions are known and valid. */
  onModuleInit(): void {
    const definitions = this.registry.definitions();
    if (this.options.worker?.enabled === false || definitions.length === 0) {
      this.settleCreating();
      return;
    }
    installTemporalRuntime();
    this.inputs = this.gatherInputs(definitions);
    // Awaited at bootstrap; should the application's init fail before, the failure is not an unhandled one.
    this.inputs.catch((error: unknown) => this.settleCreating({ error }));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.inputs === undefined) {
      return;
    }
    const { definitions, connection, bundle, activities } = await this.inputs;
    const settings = this.options.worker ?? {};
    const taskQueues = [...new Set(definitions.map((definition) => definition.taskQueue))];
    const creation = Promise.all(
      taskQueues.map((taskQueue) =>
        Worker.create({
          connection,
          namespace: this.options.temporal.namespace ?? 'default',
          taskQueue,
          workflowBundle: { code: bundle.code },
          activities,
          shutdownGraceTime: settings.shutdownGraceTime ?? '10s',
          ...workerTuning(settings),
        }),
      ),
    );
    // Given the code (no file to read), Worker.create starts its workflow threads before anything queued from here runs.
    this.settleCreating();
    this.workers = await creation;
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

  /**
   * Resolves once this process's workers are being created (their workflow threads loading, which takes a few hundred
   * ms and little of the main thread), or as soon as it is known that it runs none; rejects when what they need could
   * not be gathered. Main-thread work that can wait, such as a workflow's start request, then runs while the threads
   * load instead of delaying their start.
   */
  whenCreating(): Promise<void> {
    return this.creating;
  }

  /**
   * Connects to Temporal, records the definitions, and reads the earlier versions then compiles (or reads) the bundle,
   * the three side by side. A connection made while another step failed is closed again.
   */
  private async gatherInputs(definitions: WorkflowDefinition[]): Promise<WorkerInputs> {
    const connecting = NativeConnection.connect(temporalConnectionOptions(this.options.temporal));
    let connection: NativeConnection;
    let earlier: WorkflowDefinition[];
    let bundle: CompiledWorkflowBundle;
    try {
      [connection, { earlier, bundle }] = await Promise.all([
        connecting,
        this.compileBundle(definitions),
        this.progressSink?.recordDefinitions(definitions),
      ]);
    } catch (error) {
      await connecting.then(
        (made) => made.close(),
        () => undefined,
      );
      throw error;
    }
    this.connection = connection;
    this.bundle = bundle;
    const earlierSteps = this.registry.earlierSteps(earlier);
    const activities = {
      ...createRetiredStepActivities(earlierSteps.retired),
      ...createStepActivities(earlierSteps.bindings),
      ...createStepActivities(this.registry.stepBindings()),
      ...(this.progressSink === undefined
        ? {}
        : { [PROGRESS_SINK_ACTIVITY]: (batch: ProgressBatch) => withAutomaticHeartbeat(() => this.progressSink!.record(batch)) }),
    };
    return { definitions, connection, bundle, activities };
  }

  /** The bundle of the definitions with their earlier versions, which executions still running may have started with. */
  private async compileBundle(
    definitions: WorkflowDefinition[],
  ): Promise<{ earlier: WorkflowDefinition[]; bundle: CompiledWorkflowBundle }> {
    const earlier = (await this.definitionVersions?.earlierVersions(definitions)) ?? [];
    const cacheDir = this.options.worker?.bundleCacheDir ?? join(userCacheFolder(), 'bundles');
    const bundle = await compileWorkflowBundle(definitions, cacheDir, { interpreter: this.interpreterOptions(), earlier });
    this.logger.log(
      `Workflow bundle ${bundle.key} ${bundle.cached ? 'reused from cache' : 'compiled'} (${definitions.length} workflow ` +
        `types, ${earlier.length} earlier versions)`,
    );
    return { earlier, bundle };
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

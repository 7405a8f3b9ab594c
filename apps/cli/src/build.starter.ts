import type { OnModuleInit, Provider } from '@nestjs/common';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { BatonClient, BatonWorkerService } from '@baton/orchestration';
import { PackageBuilderWorkflow, type BuildInput, type BuildReport } from '@baton/package-builder';

export type BuildHandle = WorkflowHandleWithFirstExecutionRunId<(input?: unknown) => Promise<BuildReport>>;

/**
 * Starts the build's workflow while the worker boots (the longest part of the start-up), from Nest's module init on:
 * once the worker's creation is under way, so that the start's client work (connecting, encoding the request: tens of
 * ms of the main thread) runs while the worker's workflow thread loads instead of delaying it. The first workflow task
 * then waits in the task queue until the worker polls it.
 */
export class BuildStarter implements OnModuleInit {
  private client?: BatonClient;
  private worker?: BatonWorkerService;
  /** The build's workflow, once the worker is being created and the start requested. */
  private started?: Promise<BuildHandle>;
  /** The start request, once sent. */
  private request?: Promise<BuildHandle>;
  private abandoned = false;

  constructor(private readonly input: BuildInput) {}

  /** Its provider in the build's module, with the module's client and worker. */
  provider(): Provider {
    return {
      provide: BuildStarter,
      useFactory: (client: BatonClient, worker: BatonWorkerService) => {
        this.client = client;
        this.worker = worker;
        return this;
      },
      inject: [BatonClient, BatonWorkerService],
    };
  }

  onModuleInit(): void {
    this.started = this.worker!.whenCreating().then(() => {
      if (this.abandoned) throw new Error('BuildStarter: the build was abandoned before its start');
      return (this.request = this.client!.start<BuildReport>(PackageBuilderWorkflow, this.input));
    });
    // Awaited by handle(); until then a refused start must not count as unhandled.
    this.started.catch(() => undefined);
  }

  /** The started workflow; rejects as the start did (an invalid input, an unreachable server) or the worker's boot. */
  handle(): Promise<BuildHandle> {
    if (this.started === undefined) throw new Error('BuildStarter.handle() before the module init started the build');
    return this.started;
  }

  /** When the worker could not boot: terminates the workflow started for it, which no worker would ever run, or starts none. */
  async abandon(reason: string): Promise<void> {
    this.abandoned = true;
    const handle = await this.request?.catch(() => undefined);
    await handle?.terminate(reason).catch(() => undefined);
  }
}

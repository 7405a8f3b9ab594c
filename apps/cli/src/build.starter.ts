import type { OnModuleInit, Provider } from '@nestjs/common';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { BatonClient } from '@baton/orchestration';
import { PackageBuilderWorkflow, type BuildInput, type BuildReport } from '@baton/package-builder';

export type BuildHandle = WorkflowHandleWithFirstExecutionRunId<(input?: unknown) => Promise<BuildReport>>;

/**
 * Starts the build's workflow at Nest's module init, as soon as the workflow definitions are known and before the
 * worker boots (application bootstrap, the longest part of the start-up): the start's round trips overlap the
 * worker's creation, and the first workflow task waits in the task queue until the worker polls it.
 */
export class BuildStarter implements OnModuleInit {
  private client?: BatonClient;
  private started?: Promise<BuildHandle>;

  constructor(private readonly input: BuildInput) {}

  /** Its provider in the build's module, with the module's client. */
  provider(): Provider {
    return { provide: BuildStarter, useFactory: (client: BatonClient) => ((this.client = client), this), inject: [BatonClient] };
  }

  onModuleInit(): void {
    this.started = this.client!.start<BuildReport>(PackageBuilderWorkflow, this.input);
    // Awaited by handle(); until then a refused start must not count as unhandled.
    this.started.catch(() => undefined);
  }

  /** The started workflow; rejects as the start did (an invalid input, an unreachable server). */
  handle(): Promise<BuildHandle> {
    if (this.started === undefined) throw new Error('BuildStarter.handle() before the module init started the build');
    return this.started;
  }

  /** When the worker could not boot: terminates the workflow started for it, which no worker would ever run. */
  async abandon(reason: string): Promise<void> {
    const handle = await this.started?.catch(() => undefined);
    await handle?.terminate(reason).catch(() => undefined);
  }
}

import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { OrchestrationModule, orchestrationOptionsFor } from '@baton/orchestration';
import type { Infrastructure } from '@baton/dev-stack';

/** The worker process: the workflows of the modules the application gives, served on their task queues. */
@Module({})
export class WorkerModule {
  static register(infrastructure: Infrastructure, workflows: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return {
      module: WorkerModule,
      imports: [OrchestrationModule.forRoot(orchestrationOptionsFor(infrastructure)), ...workflows],
    };
  }
}

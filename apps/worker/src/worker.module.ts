import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { OrchestrationModule } from '../../../libs/orchestration/src';
import { orchestrationOptionsFor, type Infrastructure } from '../../../libs/orchestration/src/infrastructure';

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

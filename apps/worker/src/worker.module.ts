import { Module, type DynamicModule } from '@nestjs/common';
import { ExamplesModule } from '../../../examples/examples.module';
import { OrchestrationModule } from '../../../libs/orchestration/src';
import { orchestrationOptionsFor, type Infrastructure } from '../../../libs/orchestration/src/infrastructure';
import { PackageBuilderModule } from '../../../libs/package-builder/src';

/** The worker process: every workflow the application declares, served on its task queues. */
@Module({})
export class WorkerModule {
  static register(infrastructure: Infrastructure): DynamicModule {
    return {
      module: WorkerModule,
      imports: [OrchestrationModule.forRoot(orchestrationOptionsFor(infrastructure)), ExamplesModule, PackageBuilderModule],
    };
  }
}

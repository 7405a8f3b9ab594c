import { Module, type DynamicModule } from '@nestjs/common';
import { OrchestrationModule } from '../../../libs/orchestration/src';
import { orchestrationOptionsFor, type Infrastructure } from '../../../libs/orchestration/src/infrastructure';
import { APPLICATION_WORKFLOW_MODULES } from './application-workflows';

/** The worker process: every workflow the application declares, served on its task queues. */
@Module({})
export class WorkerModule {
  static register(infrastructure: Infrastructure): DynamicModule {
    return {
      module: WorkerModule,
      imports: [OrchestrationModule.forRoot(orchestrationOptionsFor(infrastructure)), ...APPLICATION_WORKFLOW_MODULES],
    };
  }
}

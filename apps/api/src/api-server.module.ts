import { Module, type DynamicModule } from '@nestjs/common';
import { OrchestrationModule } from '../../../libs/orchestration/src';
import { orchestrationOptionsFor, type Infrastructure } from '../../../libs/orchestration/src/infrastructure';
import { APPLICATION_WORKFLOW_MODULES } from '../../worker/src/application-workflows';
import { ApiModule } from './api.module';
import type { ApiOptions } from './config/api-options';

/**
 * The API process: the application's workflows (for names, definitions and input validation), Baton's client and
 * records, and the GraphQL API. With `runWorker`, it also serves the workflows: the all-in-one main job.
 */
@Module({})
export class ApiServerModule {
  static register(infrastructure: Infrastructure, options: ApiOptions, runWorker: boolean): DynamicModule {
    const orchestration = orchestrationOptionsFor(infrastructure);
    return {
      module: ApiServerModule,
      imports: [
        OrchestrationModule.forRoot({ ...orchestration, worker: { ...orchestration.worker, enabled: runWorker } }),
        ...APPLICATION_WORKFLOW_MODULES,
        ApiModule.forRoot(options),
      ],
    };
  }
}

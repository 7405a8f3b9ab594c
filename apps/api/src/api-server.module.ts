import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { OrchestrationModule, orchestrationOptionsFor } from '@baton/orchestration';
import type { Infrastructure } from '@baton/dev-stack';
import { ApiModule } from './api.module';
import type { ApiOptions } from './config/api-options';

/**
 * The API process: the modules declaring the application's workflows (`workflows`: for names, definitions and input
 * validation), Baton's client and records, and the GraphQL API. With `runWorker`, it also serves the workflows.
 */
@Module({})
export class ApiServerModule {
  static register(
    infrastructure: Infrastructure,
    options: ApiOptions,
    runWorker: boolean,
    workflows: NonNullable<ModuleMetadata['imports']>,
  ): DynamicModule {
    const orchestration = orchestrationOptionsFor(infrastructure);
    return {
      module: ApiServerModule,
      imports: [
        OrchestrationModule.forRoot({ ...orchestration, worker: { ...orchestration.worker, enabled: runWorker } }),
        ...workflows,
        ApiModule.forRoot({ ...options, temporalUi: temporalUiOf(infrastructure) }),
      ],
    };
  }
}

function temporalUiOf({ temporal }: Infrastructure): ApiOptions['temporalUi'] {
  return temporal.uiUrl === undefined ? undefined : { url: temporal.uiUrl, namespace: temporal.namespace };
}

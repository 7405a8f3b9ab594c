import { Module, type DynamicModule } from '@nestjs/common';
import { join } from 'node:path';
import { ExamplesModule } from '../../../examples/examples.module';
import { OrchestrationModule, type TemporalConnectionSettings } from '../../../libs/orchestration/src';
import { PackageBuilderModule } from '../../../libs/package-builder/src';

/** The worker process: every workflow the application declares, served on its task queues. */
@Module({})
export class WorkerModule {
  static register(temporal: TemporalConnectionSettings): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        OrchestrationModule.forRoot({ temporal, worker: { bundleCacheDir: join(process.cwd(), '.baton', 'bundles') } }),
        ExamplesModule,
        PackageBuilderModule,
      ],
    };
  }
}

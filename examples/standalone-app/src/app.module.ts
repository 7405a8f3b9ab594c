import { Module, type DynamicModule } from '@nestjs/common';
import { OrchestrationModule, type TemporalConnectionSettings } from '@baton/orchestration';
import { NewsletterModule } from './newsletter.module';

/** The application: Baton's module against a Temporal server, and the features whose workflows it runs. */
@Module({})
export class AppModule {
  static forRoot(temporal: TemporalConnectionSettings, taskQueue: string): DynamicModule {
    return {
      module: AppModule,
      imports: [OrchestrationModule.forRoot({ temporal, defaultTaskQueue: taskQueue }), NewsletterModule],
    };
  }
}

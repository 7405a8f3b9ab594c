import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_OPTIONS, type HealthModuleOptions } from './health-options';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { positiveMillisecondsMessage } from '../api.messages';

/**
 * GET /health: Temporal, PostgreSQL and worker checks, HTTP 200 or 503. Needs `OrchestrationModule.forRoot(...)` in
 * the application (its `BatonClient` and `WorkflowRegistry`, and `BATON_DATA_SOURCE` when it has persistence).
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    for (const [name, value] of Object.entries(options)) {
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
        throw new Error(positiveMillisecondsMessage('HealthModule', name, value));
      }
    }
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, HealthService],
    };
  }
}

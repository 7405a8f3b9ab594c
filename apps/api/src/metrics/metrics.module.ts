import { Module, type DynamicModule } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ExecutionEventsModule } from '@baton/orchestration/persistence';
import { ItemMetrics } from './item-metrics';
import { METRICS_OPTIONS, METRICS_REGISTRY, type MetricsModuleOptions } from './metrics-options';
import { MetricsController } from './metrics.controller';
import { TemporalMetricsScraper } from './temporal-metrics.scraper';
import { positiveMillisecondsMessage } from '../api.messages';

/**
 * GET /metrics in Prometheus text format, from a registry of its own (exported as `METRICS_REGISTRY`): loop item
 * metrics per workflow, Node process metrics, and the Temporal core's metrics when its exporter is on. Needs
 * `OrchestrationModule.forRoot(...)` with `persistence` in the application.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    const timeout = options.temporalScrapeTimeoutMs;
    if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
      throw new Error(positiveMillisecondsMessage('MetricsModule', 'temporalScrapeTimeoutMs', timeout));
    }
    return {
      module: MetricsModule,
      imports: [ExecutionEventsModule],
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        { provide: METRICS_REGISTRY, useFactory: createRegistry },
        TemporalMetricsScraper,
        ItemMetrics,
      ],
      exports: [METRICS_REGISTRY],
    };
  }
}

function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

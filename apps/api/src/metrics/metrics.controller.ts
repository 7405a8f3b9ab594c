import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-options';
import { TemporalMetricsScraper } from './temporal-metrics.scraper';

@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly temporal: TemporalMetricsScraper,
  ) {}

  /** Prometheus text format: Baton's item metrics, Node process metrics, then the Temporal core's metrics. */
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    const [own, temporal] = await Promise.all([this.registry.metrics(), this.temporal.scrape()]);
    return own + temporal;
  }
}

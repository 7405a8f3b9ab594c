import { Inject, Injectable } from '@nestjs/common';
import { isError, temporalMetricsAddress } from '@baton/orchestration';
import { DEFAULT_TEMPORAL_SCRAPE_TIMEOUT_MS, METRICS_OPTIONS, type MetricsModuleOptions } from './metrics-options';

/**
 * Reads what the Temporal core's Prometheus exporter serves (workers, pollers, activity and workflow task metrics),
 * so one scrape of /metrics covers the process. A failure becomes a comment line: the API's own metrics still go out.
 */
@Injectable()
export class TemporalMetricsScraper {
  constructor(@Inject(METRICS_OPTIONS) private readonly options: MetricsModuleOptions) {}

  async scrape(): Promise<string> {
    // Read at each scrape: a worker may install the runtime after this module started.
    const address = this.options.temporalMetricsAddress ?? temporalMetricsAddress();
    if (address === undefined) {
      return '# Temporal SDK metrics are not exported: set BATON_TEMPORAL_METRICS_ADDRESS before the Temporal runtime is installed.\n';
    }
    const url = temporalMetricsUrl(address);
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(this.options.temporalScrapeTimeoutMs ?? DEFAULT_TEMPORAL_SCRAPE_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      const text = await response.text();
      return text === '' || text.endsWith('\n') ? text : `${text}\n`;
    } catch (error) {
      const reason = isError(error) ? (isError(error.cause) ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
      return `# Temporal SDK metrics unavailable from ${url}: ${reason.replace(/\s+/g, ' ')}\n`;
    }
  }
}

/** The exporter's URL; a wildcard bind address is reached on the loopback interface. */
export function temporalMetricsUrl(address: string): string {
  const reachable = address.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^\[::\]:/, '[::1]:');
  return `http://${reachable}/metrics`;
}

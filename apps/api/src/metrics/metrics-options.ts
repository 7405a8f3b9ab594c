export const METRICS_OPTIONS = Symbol('BATON_METRICS_OPTIONS');

/** The prom-client registry behind GET /metrics: register the API's own metrics in it to have them served too. */
export const METRICS_REGISTRY = Symbol('BATON_METRICS_REGISTRY');

export interface MetricsModuleOptions {
  /**
   * `ip:port` of the Temporal core's Prometheus exporter, whose metrics /metrics appends. Defaults to the address
   * `installTemporalRuntime` installed the runtime with (BATON_TEMPORAL_METRICS_ADDRESS).
   */
  temporalMetricsAddress?: string;
  /** How long /metrics waits for the Temporal core's metrics before it reports them unavailable (default 1,000 ms). */
  temporalScrapeTimeoutMs?: number;
}

export const DEFAULT_TEMPORAL_SCRAPE_TIMEOUT_MS = 1_000;

export const HEALTH_OPTIONS = Symbol('BATON_HEALTH_OPTIONS');

export interface HealthModuleOptions {
  /** Deadline of each check, so an unreachable dependency never holds the endpoint (default 2,000 ms). */
  timeoutMs?: number;
  /**
   * A worker counts as polling a task queue when Temporal saw its poll this recently (default 90,000 ms: an idle
   * worker's long poll returns empty and restarts about every 60 seconds).
   */
  pollerMaxAgeMs?: number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;
export const DEFAULT_POLLER_MAX_AGE_MS = 90_000;

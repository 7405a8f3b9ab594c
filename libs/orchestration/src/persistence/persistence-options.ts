export interface RetentionOptions {
  /** Item rows of an execution are deleted this many hours after it closed (default 24); the execution row stays. */
  itemsAfterHours?: number;
  /** How often the purge runs (default hourly); it also runs once at bootstrap. */
  intervalMs?: number;
}

export interface PersistenceModuleOptions {
  /** `postgres://user:password@host:port/database`. */
  databaseUrl: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  retention?: RetentionOptions;
}

export const DEFAULT_ITEMS_RETENTION_HOURS = 24;
export const DEFAULT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

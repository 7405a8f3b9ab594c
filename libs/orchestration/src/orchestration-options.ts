import type { TemporalConnectionOptions } from './config/temporal-connection.options';

export const ORCHESTRATION_OPTIONS = Symbol('BATON_ORCHESTRATION_OPTIONS');

/** Where the Temporal frontend is and how to reach it (TLS, API key): `startInfrastructure().temporal` fits as is. */
export interface TemporalConnectionSettings {
  /** `host:port` of the Temporal frontend. */
  address: string;
  /** Defaults to `'default'`. */
  namespace?: string;
  /** TLS, API key and headers; defaults to a plain connection to `address`. */
  connectionOptions?: TemporalConnectionOptions;
}

export interface WorkerSettings {
  /** Start the Temporal workers in this process (default true; an API-only process sets false). */
  enabled?: boolean;
  /**
   * Folder where compiled workflow bundles are cached by definition hash (default `bundles` in the user's cache
   * folder, see `userCacheFolder`: never under `home`, which a repository can carry).
   */
  bundleCacheDir?: string;
  /** Activity slots per worker; high by default because the interpreter's window is what limits concurrency. */
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** How long running activities get to finish on shutdown before they are cancelled (default `'10s'`). */
  shutdownGraceTime?: string | number;
  /**
   * How long a workflow task waits for the worker that ran the execution last before any worker may take it
   * (default `'3s'`; Temporal's is 10 s). After a worker dies, its executions move on after this long.
   */
  stickyQueueScheduleToStartTimeout?: string | number;
  /**
   * Activity slots a workflow task may reserve so that the activities it schedules come back in its own completion
   * (eager dispatch), skipping the task queue's match and poll. Default 0 (off): every activity goes through the task
   * queue, so all the workers polling it share a loop's items. Set it (10 covers a first window of 10) where one
   * worker runs an execution's activities anyway, as `build-workspace` does: the worker that runs the workflow then
   * takes every activity it has a free slot for. Takes effect only where the server enables
   * `system.enableActivityEagerExecution`, as the embedded dev server does.
   */
  maxEagerActivityReservationsPerWorkflowTask?: number;
  /**
   * With persistence, a run whose history reaches this many events stops starting work and continues as new
   * (default 8,000, under Temporal's 10,240-event warning); the loop's items are then read from PostgreSQL.
   */
  continueAsNewAfterEvents?: number;
}

export interface PersistenceSettings {
  /** PostgreSQL connection URL (`startInfrastructure().database.url` fits as is). */
  databaseUrl: string;
  /**
   * Progress batching: a batch leaves once `batchSize` items finished (default 10) but no sooner than `minIntervalMs`
   * after the previous one (default 500), and at the latest `intervalMs` after it (default 1,000).
   */
  progress?: { batchSize?: number; intervalMs?: number; minIntervalMs?: number };
  /** Item rows of executions closed longer ago than this are deleted (default 24 hours). */
  retention?: { itemsAfterHours?: number; intervalMs?: number };
}

export interface OrchestrationModuleOptions {
  temporal: TemporalConnectionSettings;
  /** Record executions, progress and items in PostgreSQL (and notify listeners). Off when absent. */
  persistence?: PersistenceSettings;
  /** Task queue of workflows whose `@Workflow()` names none (default `'baton'`). */
  defaultTaskQueue?: string;
  worker?: WorkerSettings;
  /** Baton's local folder, injected as `BATON_HOME` (default: the BATON_HOME variable, else `.baton` in the current directory). */
  home?: string;
}

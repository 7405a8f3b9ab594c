import type { LoggerService } from '@nestjs/common';
import type { PersistenceSettings, TemporalConnectionSettings, WorkerSettings } from '@baton/orchestration';

/** How `BatonTest.createTestingModule` runs the module's workflows; every field is optional. */
export interface BatonTestOptions {
  /**
   * The Temporal server. Default: TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE when set, else a dev server of its own
   * (`temporal server start-dev` from TEMPORAL_CLI_PATH or PATH), stopped by `close()`.
   */
  temporal?: TemporalConnectionSettings;
  /**
   * Record executions and progress in PostgreSQL as production does. Default: `{ databaseUrl: DATABASE_URL }` when
   * DATABASE_URL is set, else none; `false` turns it off whatever the environment says.
   */
  persistence?: PersistenceSettings | false;
  /**
   * Task queue of the workflows whose `@Workflow()` names none; default `baton-test-<uuid>`, so that tests never share
   * a worker. Give one to reach workers of another process, or to replay their histories.
   */
  taskQueue?: string;
  /** Worker settings over the kit's (bundle cache in the OS temporary folder, a 1 s shutdown grace time). */
  worker?: WorkerSettings;
  /** Nest's logger for the module; default: a console logger printing warnings and errors only. */
  logger?: LoggerService;
}

import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { HousekeepingTimer } from './housekeeping.timer';
import { BATON_DATA_SOURCE, PERSISTENCE_OPTIONS } from './persistence.constants';
import { DEFAULT_ITEMS_RETENTION_HOURS, DEFAULT_RETENTION_INTERVAL_MS, type PersistenceModuleOptions } from './persistence-options';
import { isError } from '../errors/error-message';

/** Executions whose items one statement deletes: small enough to keep each transaction short. */
const EXECUTIONS_PER_STATEMENT = 20;

/**
 * Keeps item rows for a while after their execution closed (24 hours by default), then deletes them; executions and
 * build reports stay. Runs at bootstrap and then periodically (hourly by default), in every process that imports the
 * module: row locks with SKIP LOCKED keep concurrent purges apart.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BatonRetention');
  private readonly itemsAfterMs: number;
  private readonly intervalMs: number;
  private readonly housekeeping: HousekeepingTimer;

  constructor(
    @Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PERSISTENCE_OPTIONS) options: PersistenceModuleOptions,
  ) {
    this.itemsAfterMs = (options.retention?.itemsAfterHours ?? DEFAULT_ITEMS_RETENTION_HOURS) * 60 * 60 * 1000;
    this.intervalMs = options.retention?.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS;
    this.housekeeping = new HousekeepingTimer(this.intervalMs, () => this.purgeAndReport());
  }

  /** Deletes the item rows of executions closed before `now` minus the retention period; returns the rows deleted. */
  async purge(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.itemsAfterMs);
    let deleted = 0;
    for (;;) {
      const [{ items, executions }]: { items: number; executions: number }[] = await this.dataSource.query(
        `WITH due AS MATERIALIZED (
           SELECT workflow_id FROM executions
           WHERE closed_at < $1 AND items_purged_at IS NULL
           ORDER BY closed_at
           LIMIT ${EXECUTIONS_PER_STATEMENT}
           FOR UPDATE SKIP LOCKED
         ), purged AS (
           DELETE FROM execution_items AS item USING due WHERE item.execution_id = due.workflow_id RETURNING 1
         ), marked AS (
           UPDATE executions AS execution SET items_purged_at = $2 FROM due WHERE execution.workflow_id = due.workflow_id RETURNING 1
         )
         SELECT (SELECT count(*) FROM purged)::int AS items, (SELECT count(*) FROM marked)::int AS executions`,
        [cutoff, now],
      );
      deleted += items;
      if (executions < EXECUTIONS_PER_STATEMENT) return deleted;
    }
  }

  onApplicationBootstrap(): void {
    this.housekeeping.start({ runNow: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.housekeeping.stop();
  }

  private async purgeAndReport(): Promise<void> {
    try {
      const deleted = await this.purge();
      if (deleted > 0)
        this.logger.log(`Deleted ${deleted} item rows of executions closed more than ${this.itemsAfterMs / 3_600_000} h ago`);
    } catch (error) {
      this.logger.error(`Purging old item rows failed; next try in ${this.intervalMs} ms`, isError(error) ? error.stack : String(error));
    }
  }
}

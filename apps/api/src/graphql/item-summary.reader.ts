import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BATON_DATA_SOURCE } from '@baton/orchestration/persistence';
import { ITEM_STATUSES, type ItemStatus } from '@baton/orchestration/protocol';
import type { ItemSummary } from './types/item-summary.type';

/** Buckets of the duration histogram. */
const BUCKETS = 10;
const ERROR_GROUPS = 20;
const KEYS_PER_GROUP = 5;

/** Counts, a duration histogram and grouped errors of an execution's finished items, aggregated by PostgreSQL. */
@Injectable()
export class ItemSummaryReader {
  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async summary(executionId: string): Promise<ItemSummary> {
    const [counts, range, errors] = await Promise.all([
      this.dataSource.query<{ status: ItemStatus; count: string }[]>(
        'SELECT status, count(*) AS count FROM execution_items WHERE execution_id = $1 GROUP BY status',
        [executionId],
      ),
      this.dataSource.query<{ low: string | null; high: string | null }[]>(
        `SELECT min(duration_ms) AS low, max(duration_ms) AS high FROM execution_items
         WHERE execution_id = $1 AND status IN ('succeeded', 'failed')`,
        [executionId],
      ),
      this.dataSource.query<{ message: string; count: string; keys: string[] }[]>(
        `SELECT split_part(error, E'\\n', 1) AS message, count(*) AS count,
           (array_agg(key ORDER BY step, item_index))[1:${KEYS_PER_GROUP}] AS keys
         FROM execution_items WHERE execution_id = $1 AND status = 'failed' AND error IS NOT NULL
         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${ERROR_GROUPS}`,
        [executionId],
      ),
    ]);
    const byStatus = new Map(counts.map((row) => [row.status, Number(row.count)]));
    return {
      counts: ITEM_STATUSES.filter((status) => byStatus.has(status)).map((status) => ({ status, count: byStatus.get(status)! })),
      durations:
        range[0]?.low === null || range[0] === undefined
          ? []
          : await this.histogram(executionId, Number(range[0].low), Number(range[0].high)),
      errors: errors.map((row) => ({ message: row.message, count: Number(row.count), keys: row.keys })),
    };
  }

  private async histogram(executionId: string, low: number, high: number): Promise<ItemSummary['durations']> {
    // Equal widths over [low, high + 1): the longest run falls in the last bucket.
    const width = (high + 1 - low) / BUCKETS;
    const rows = await this.dataSource.query<{ bucket: number; count: string }[]>(
      `SELECT width_bucket(duration_ms, $2::float8, $3::float8, ${BUCKETS}) AS bucket, count(*) AS count FROM execution_items
       WHERE execution_id = $1 AND status IN ('succeeded', 'failed') GROUP BY 1`,
      [executionId, low, high + 1],
    );
    const byBucket = new Map(rows.map((row) => [Number(row.bucket), Number(row.count)]));
    return Array.from({ length: BUCKETS }, (_, index) => ({
      fromMs: low + index * width,
      toMs: low + (index + 1) * width,
      count: byBucket.get(index + 1) ?? 0,
    }));
  }
}

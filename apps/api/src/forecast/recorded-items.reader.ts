import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BATON_DATA_SOURCE } from '@baton/orchestration/persistence';

/** Executions of a workflow whose item durations estimate its next runs: the latest ones. */
const RECENT_EXECUTIONS = 20;

/** What the records say about a loop's items across a workflow's recent executions. */
@Injectable()
export class RecordedItemsReader {
  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Each item key's latest recorded duration (items that ran: succeeded or failed) in the workflow's recent executions. */
  async durations(workflow: string, step: string): Promise<Map<string, number>> {
    const rows: { key: string; duration_ms: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (item.key) item.key, item.duration_ms FROM execution_items item
       WHERE item.step = $2 AND item.status IN ('succeeded', 'failed') AND item.execution_id IN
         (SELECT workflow_id FROM executions WHERE workflow_type = $1 ORDER BY started_at DESC LIMIT ${RECENT_EXECUTIONS})
       ORDER BY item.key, item.finished_at DESC`,
      [workflow, step],
    );
    return new Map(rows.map((row) => [row.key, Number(row.duration_ms)]));
  }

  /** The items (key and JSON preview, in loop order) of the latest execution of the workflow that recorded any for the step. */
  async latestItems(workflow: string, step: string): Promise<{ key: string; preview: string }[]> {
    const rows: { key: string; item_preview: string }[] = await this.dataSource.query(
      `SELECT item.key, item.item_preview FROM execution_items item
       WHERE item.step = $2 AND item.execution_id = (
         SELECT execution.workflow_id FROM executions execution
         WHERE execution.workflow_type = $1
           AND EXISTS (SELECT 1 FROM execution_items recorded WHERE recorded.execution_id = execution.workflow_id AND recorded.step = $2)
         ORDER BY execution.started_at DESC LIMIT 1)
       ORDER BY item.item_index`,
      [workflow, step],
    );
    return rows.map((row) => ({ key: row.key, preview: row.item_preview }));
  }
}

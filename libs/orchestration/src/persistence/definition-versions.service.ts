import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { BATON_DATA_SOURCE } from './persistence.constants';

/** Versions last served this long ago are kept only while an execution recorded with them still runs. */
const RECENTLY_SERVED_DAYS = 30;

/**
 * The definition versions earlier workers recorded (`workflow_definitions`): a worker bundles those of its workflow
 * types, so that executions started with an earlier version finish with it after a deploy.
 */
@Injectable()
export class DefinitionVersionsService {
  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Earlier versions of the given definitions' workflow types: those a worker served in the last 30 days, and any
   * older one an execution still running was recorded with. Oldest first.
   */
  async earlierVersions(current: readonly WorkflowDefinition[]): Promise<WorkflowDefinition[]> {
    if (current.length === 0) return [];
    const rows: { ir: WorkflowDefinition }[] = await this.dataSource.query(
      `SELECT d.ir FROM workflow_definitions d
       WHERE d.name = ANY($1) AND NOT (d.hash = ANY($2))
         AND (d.last_seen_at > now() - make_interval(days => $3)
              OR EXISTS (SELECT 1 FROM executions e WHERE e.workflow_type = d.name AND e.definition_hash = d.hash AND e.status = 'running'))
       ORDER BY d.first_seen_at, d.hash`,
      [current.map((definition) => definition.name), current.map((definition) => definition.hash), RECENTLY_SERVED_DAYS],
    );
    return rows.map((row) => row.ir);
  }
}

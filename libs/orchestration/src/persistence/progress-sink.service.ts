import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError, type DataSource } from 'typeorm';
import { PROGRESS_NOT_RECORDABLE, type ProgressBatch } from '../protocol';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { ExecutionNotRecordedError } from './errors/execution-not-recorded.error';
import { BATON_DATA_SOURCE } from './persistence.constants';
import { PROGRESS_STATEMENT, progressParameters } from './progress.statement';
import { isUnstorableValueError, withoutNul } from './recordable';

const FOREIGN_KEY_VIOLATION = '23503';

/** Writes what workers report: progress batches, build reports, and the definitions they boot with. */
@Injectable()
export class ProgressSinkService {
  private readonly logger = new Logger(ProgressSinkService.name);

  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Records a batch in one statement (one round trip, one transaction) and NOTIFYs `baton_progress` when the execution
   * changed. Idempotent: the same batch twice, or an older one after a newer one, adds no rows and rolls nothing back.
   *
   * An unreachable database fails the call, and the activity retries until it answers. A value the database refuses
   * (a NUL character anywhere) is recorded with the character replaced by U+FFFD; if even that is refused, the call
   * fails non-retryably with `BatonProgressNotRecordable`, and the workflow goes on without this record.
   */
  async record(batch: ProgressBatch): Promise<void> {
    try {
      await this.dataSource.query(PROGRESS_STATEMENT, progressParameters(batch));
    } catch (error) {
      if (!isUnstorableValueError(sqlState(error))) throw error;
      this.logger.warn(
        `Execution "${withoutNul(batch.workflowId)}": PostgreSQL refused batch ${batch.sequence} (${(error as Error).message}); ` +
          `recording it with NUL characters replaced by U+FFFD.`,
      );
      try {
        await this.dataSource.query(PROGRESS_STATEMENT, progressParameters(withoutNul(batch)));
      } catch (retried) {
        if (!isUnstorableValueError(sqlState(retried))) throw retried;
        throw ApplicationFailure.create({
          message:
            `PostgreSQL refuses progress batch ${batch.sequence} of execution "${withoutNul(batch.workflowId)}" ` +
            `(${(retried as Error).message}); the execution goes on without it. Check the values this workflow reports.`,
          type: PROGRESS_NOT_RECORDABLE,
          nonRetryable: true,
        });
      }
    }
  }

  /** Stores (or replaces) the report of a build execution; the execution must have been recorded. */
  async recordReport(workflowId: string, report: unknown): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO build_reports (execution_id, report, created_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (execution_id) DO UPDATE SET report = EXCLUDED.report`,
        [workflowId, JSON.stringify(withoutNul(report))],
      );
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
        throw new ExecutionNotRecordedError(workflowId, 'build report');
      }
      throw error;
    }
  }

  /** Records the definitions a worker booted with: new versions are added, known ones get a new `last_seen_at`. */
  async recordDefinitions(definitions: readonly WorkflowDefinition[]): Promise<void> {
    if (definitions.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO workflow_definitions (name, hash, ir, first_seen_at, last_seen_at)
       SELECT DISTINCT ON (definition->>'name', definition->>'hash') definition->>'name', definition->>'hash', definition, now(), now()
       FROM jsonb_array_elements($1::jsonb) AS definition
       ON CONFLICT (name, hash) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at`,
      [JSON.stringify(definitions)],
    );
  }
}

/** The SQLSTATE of a failed query, when the database answered. */
function sqlState(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
}

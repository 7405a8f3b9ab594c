import { Inject, Injectable, Logger } from '@nestjs/common';
import { WorkflowNotFoundError, type WorkflowExecutionStatusName } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { ExecutionStatus } from '../protocol';
import { BATON_DATA_SOURCE } from './persistence.constants';
import { NOTIFIED_COLUMNS, notifyProgressSql } from './progress.notification';

/** The part of Temporal's `WorkflowExecutionDescription` the reconciler reads. */
export interface WorkflowDescription {
  status: { name: WorkflowExecutionStatusName };
  closeTime?: Date;
  runId?: string;
}

/** What the reconciler needs of a Temporal `Client`, which satisfies it. */
export interface WorkflowDescriber {
  workflow: { getHandle(workflowId: string): { describe(): Promise<WorkflowDescription> } };
}

export interface ReconcileOptions {
  /** Only check executions whose row has not changed for this long (default 0: every running execution). */
  notUpdatedForMs?: number;
  /** Describe calls in flight at once (default 10). */
  concurrency?: number;
  now?: Date;
}

export interface ReconcileResult {
  /** Executions described. */
  checked: number;
  /** Executions found closed in Temporal and recorded so. */
  closed: number;
  /** Workflow ids Temporal does not know (never started there, or removed by the namespace's retention); left as they are. */
  missing: string[];
}

/**
 * Temporal's final statuses. A run that continued as new is the middle of a chain: `getHandle(id)` without a run id
 * describes the chain's latest run, so CONTINUED_AS_NEW only shows in the instant between two runs, and the execution
 * is still running, like a RUNNING or PAUSED one.
 */
const CLOSED_STATUSES: Partial<Record<WorkflowExecutionStatusName, ExecutionStatus>> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
};

const PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 10;

/**
 * Brings executions recorded as running in line with Temporal: an execution that was terminated, timed out or lost its
 * worker never sends a final batch, so its row would say `running` for ever. Safe to call periodically and from several
 * processes: it only closes rows still marked running.
 */
@Injectable()
export class ExecutionReconciler {
  private readonly logger = new Logger('BatonReconciler');

  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async reconcile(client: WorkflowDescriber, options: ReconcileOptions = {}): Promise<ReconcileResult> {
    const now = options.now ?? new Date();
    const updatedBefore = new Date(now.getTime() - (options.notUpdatedForMs ?? 0));
    const result: ReconcileResult = { checked: 0, closed: 0, missing: [] };
    let after = '';
    for (;;) {
      const rows: { workflow_id: string }[] = await this.dataSource.query(
        `SELECT workflow_id FROM executions
         WHERE status = 'running' AND updated_at <= $1 AND workflow_id > $2
         ORDER BY workflow_id LIMIT ${PAGE_SIZE}`,
        [updatedBefore, after],
      );
      await inParallel(
        rows.map((row) => row.workflow_id),
        options.concurrency ?? DEFAULT_CONCURRENCY,
        async (workflowId) => {
          const outcome = await this.reconcileOne(client, workflowId, now);
          result.checked += 1;
          if (outcome === 'closed') result.closed += 1;
          if (outcome === 'missing') result.missing.push(workflowId);
        },
      );
      if (rows.length < PAGE_SIZE) break;
      after = rows[rows.length - 1].workflow_id;
    }
    if (result.closed > 0 || result.missing.length > 0) {
      this.logger.log(
        `Reconciled ${result.checked} running executions with Temporal: ${result.closed} had closed` +
          (result.missing.length > 0 ? `, ${result.missing.length} unknown to Temporal (left as they are)` : ''),
      );
    }
    return result;
  }

  private async reconcileOne(client: WorkflowDescriber, workflowId: string, now: Date): Promise<'closed' | 'running' | 'missing'> {
    let description: WorkflowDescription;
    try {
      description = await client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'missing';
      throw error;
    }
    const status = CLOSED_STATUSES[description.status.name];
    if (status === undefined) return 'running';
    // Counters stay as the last batch left them, but nothing runs in a closed execution, and nothing is left to wait for.
    // One notify row per row closed here; none when another process or a final batch closed it first.
    const closedRows: unknown[] = await this.dataSource.query(
      `WITH closed AS (
         UPDATE executions
         SET status = $2, closed_at = $3, running = 0, eta_seconds = NULL, updated_at = now(),
             run_ids = CASE WHEN $4::text IS NULL OR $4 = ANY (run_ids) THEN run_ids ELSE run_ids || $4::text END
         WHERE workflow_id = $1 AND status = 'running'
         RETURNING ${NOTIFIED_COLUMNS}
       )
       ${notifyProgressSql('closed')}`,
      [workflowId, status, description.closeTime ?? now, description.runId ?? null],
    );
    return closedRows.length > 0 ? 'closed' : 'running';
  }
}

/** Runs `task` over `values`, at most `limit` at a time. */
async function inParallel<T>(values: readonly T[], limit: number, task: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < values.length) await task(values[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, lane));
}

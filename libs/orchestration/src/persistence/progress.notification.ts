import { LOOP_COUNTERS, PROGRESS_CHANNEL, type ExecutionStatus, type LoopProgress, type ProgressNotification } from '../protocol';

/** The counters, as `json_build_object` arguments: each is an `executions` column of the same name. */
const COUNTER_FIELDS = LOOP_COUNTERS.map((counter) => `'${counter}', ${counter}`).join(', ');

/**
 * SQL that NOTIFYs a `ProgressNotification` for each row of `source` (a CTE returning the `executions` columns it
 * reads). Inside the writing statement, so PostgreSQL delivers it exactly when (and only if) the write commits.
 * Paused comes from the loops: a running execution is paused while a loop that still has items to finish says so (a
 * closed one never is, even if the reconciler closed it while paused). `isPaused` is the same rule for a read row.
 */
export function notifyProgressSql(source: string): string {
  return `SELECT pg_notify('${PROGRESS_CHANNEL}', ${progressPayloadSql()}) FROM ${source}`;
}

/**
 * The `ProgressNotification` payload of an `executions` row, as SQL text: what `notifyProgressSql` sends, and what a
 * listener reads back for the rows it may have missed while disconnected.
 */
export function progressPayloadSql(): string {
  return `json_build_object(
    'id', workflow_id, 'type', workflow_type, 'seq', last_sequence, 'status', status, ${COUNTER_FIELDS}, 'concurrency', concurrency,
    'paused', status = 'running' AND EXISTS (
      SELECT 1 FROM jsonb_each(loops) AS paused_loops(step, loop)
      WHERE (loop->>'paused')::boolean AND (loop->>'completed')::int < (loop->>'total')::int),
    'rate', round(rate_per_second::numeric, 3), 'eta', round(eta_seconds::numeric, 1), 'elapsedMs', elapsed_ms,
    'updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text`;
}

/**
 * The same rule as the notification's `paused`, for a stored execution row: notifications are built in SQL, rows
 * are read in TypeScript, and both must say the same.
 */
export function isPaused(execution: { status: ExecutionStatus; loops: Record<string, LoopProgress> | null }): boolean {
  return (
    execution.status === 'running' &&
    Object.values(execution.loops ?? {}).some((loop) => loop.paused === true && loop.completed < loop.total)
  );
}

/** The `executions` columns `notifyProgressSql` reads, for the RETURNING clause of the statement that feeds it. */
export const NOTIFIED_COLUMNS = [
  'workflow_id, workflow_type, last_sequence, status',
  ...LOOP_COUNTERS,
  'concurrency, loops, rate_per_second, eta_seconds, elapsed_ms, updated_at',
].join(', ');

/**
 * A `baton_progress` payload as a `ProgressNotification`, or undefined when it is not one (not JSON, or sent by
 * something else than this version of Baton, such as a worker of an older version during a rolling upgrade).
 */
export function parseProgressNotification(payload: string | undefined): ProgressNotification | undefined {
  if (payload === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, type, seq, status, updatedAt } = value as Partial<Record<keyof ProgressNotification, unknown>>;
  const valid =
    typeof id === 'string' &&
    typeof type === 'string' &&
    Number.isInteger(seq) &&
    typeof status === 'string' &&
    typeof updatedAt === 'string';
  return valid ? (value as ProgressNotification) : undefined;
}

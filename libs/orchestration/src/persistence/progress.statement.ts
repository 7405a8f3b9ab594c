import { LOOP_COUNTERS, type ItemResult, type LoopBatch, type ProgressBatch } from '../protocol';
import { previewOf } from '../runtime/item-preview';
import type { LoopsByStep } from './entities/execution.entity';
import { NOTIFIED_COLUMNS, notifyProgressSql } from './progress.notification';

/**
 * Weight of the newest batch in the rate, an exponential moving average of the items finished per second between
 * batches (tqdm's default smoothing). Batches are cut every few items or every second, so each holds a meaningful
 * measurement: 0.3 follows a lasting change of pace within about five batches, and a stall lowers the rate at once.
 */
export const RATE_SMOOTHING = 0.3;

/**
 * How the stored progress is combined with a batch's, for a first batch and for a stored execution. Every expression
 * is SQL, so that the update is computed from the row as it is when locked (ON CONFLICT DO UPDATE sees the latest
 * version even if a concurrent write committed after this statement's snapshot).
 */
interface StoredProgress {
  loops: string;
  completed: string;
  rate: string;
  sentAt: string;
}

const NOTHING_STORED: StoredProgress = { loops: `'{}'::jsonb`, completed: '0', rate: '0', sentAt: 'NULL::timestamptz' };
const STORED_ROW: StoredProgress = { loops: 'e.loops', completed: 'e.completed', rate: 'e.rate_per_second', sentAt: 'e.last_sent_at' };

/** The batch, the statement's one parameter: a `ProgressRecord` as JSON. */
const BATCH = '$1::jsonb';

/** A field of the batch as SQL of the given type. */
function field(name: keyof ProgressRecord, type: string): string {
  return `(${BATCH}->>'${name}')::${type}`;
}

const PROGRESS_COLUMNS = ['loops', ...LOOP_COUNTERS, 'concurrency, rate_per_second, eta_seconds'].join(', ');

/**
 * The progress columns after a batch: loops merged by step (a batch only carries the loops that changed), counters
 * summed over them, the rate smoothed from the items finished since the previous batch over the workflow time between
 * the two (seeded with finished items over the time since the first loop started), and the ETA at that rate.
 */
function progressAfterBatch(stored: StoredProgress): string {
  return `
    SELECT merged.loops, ${LOOP_COUNTERS.map((counter) => `sums.${counter}`).join(', ')}, sums.concurrency, rate.value,
           CASE WHEN sums.total = 0 OR rate.value = 0 THEN NULL ELSE (sums.total - sums.completed) / rate.value END
    FROM (SELECT ${stored.loops} || (${BATCH}->'loops') AS loops) AS merged
    CROSS JOIN LATERAL (
      SELECT ${LOOP_COUNTERS.map((counter) => `coalesce(sum((loop->>'${counter}')::int), 0)::int AS ${counter},`).join('\n             ')}
             coalesce(sum((loop->>'concurrency')::int) FILTER (WHERE (loop->>'completed')::int < (loop->>'total')::int), 0)::int
               AS concurrency,
             min((loop->>'startedAt')::timestamptz) AS started_at
      FROM jsonb_each(merged.loops) AS loops(step, loop)
    ) AS sums
    CROSS JOIN LATERAL (
      SELECT extract(epoch FROM ${field('sentAt', 'timestamptz')} - ${stored.sentAt})::float8 AS since_previous,
             extract(epoch FROM ${field('sentAt', 'timestamptz')} - sums.started_at)::float8 AS since_start
    ) AS clock
    CROSS JOIN LATERAL (
      SELECT CASE
        WHEN ${stored.rate} > 0 AND clock.since_previous > 0 THEN
          ${RATE_SMOOTHING} * greatest(sums.completed - ${stored.completed}, 0) / clock.since_previous
            + ${1 - RATE_SMOOTHING} * ${stored.rate}
        WHEN ${stored.rate} > 0 THEN ${stored.rate}
        WHEN sums.completed > 0 AND clock.since_start > 0 THEN sums.completed / clock.since_start
        ELSE 0
      END AS value
    ) AS rate`;
}

const ITEM_COLUMNS = 'key, status, attempts, started_at, finished_at, duration_ms, error, blocked_by, item_preview, output_preview';

/** The `ItemRecord` fields in `execution_items` column order, with their SQL types, for `jsonb_to_recordset`. */
const ITEM_RECORD =
  'step text, "index" int, key text, status text, attempts int, "startedAt" timestamptz, "finishedAt" timestamptz, ' +
  '"durationMs" bigint, error text, "blockedBy" text, preview text, "outputPreview" text';

/**
 * Records one progress batch in ONE statement, so one round trip and one (implicit) transaction:
 * - upserts the execution; a batch whose sequence is not newer than the stored one (a retry, or a late attempt) leaves
 *   it as it is, so counters and status never go back;
 * - upserts the items, whatever the sequence, rewriting a row only when something differs, and stamps the rows it
 *   writes with the batch's sequence (so a listener reads what a notification brought with `sequence` ranges);
 * - NOTIFYs the new state when the execution changed; PostgreSQL delivers it when the statement commits.
 * Data-modifying CTEs all run to completion, and the items' foreign key is checked at the end of the statement, after
 * the execution row exists.
 */
export const PROGRESS_STATEMENT = `
WITH execution AS (
  INSERT INTO executions AS e (
    workflow_id, first_run_id, run_ids, workflow_type, definition_hash, task_queue, last_sequence, status, started_at,
    last_sent_at, input, result, error, closed_at, elapsed_ms, updated_at, parent_workflow_id, ${PROGRESS_COLUMNS})
  SELECT ${field('workflowId', 'text')}, ${field('firstRunId', 'text')}, ARRAY[${field('runId', 'text')}], ${field('workflowType', 'text')},
         ${field('definitionHash', 'text')}, ${field('taskQueue', 'text')}, ${field('sequence', 'int')}, ${field('status', 'text')},
         ${field('startedAt', 'timestamptz')}, ${field('sentAt', 'timestamptz')}, ${BATCH}->'input', ${BATCH}->'result',
         ${field('error', 'text')}, ${field('closedAt', 'timestamptz')},
         (extract(epoch FROM ${field('sentAt', 'timestamptz')} - ${field('startedAt', 'timestamptz')}) * 1000)::bigint,
         now(), ${field('parentWorkflowId', 'text')}, progress.*
  FROM (${progressAfterBatch(NOTHING_STORED)}) AS progress
  ON CONFLICT (workflow_id) DO UPDATE SET
    run_ids = CASE WHEN ${field('runId', 'text')} = ANY (e.run_ids) THEN e.run_ids ELSE e.run_ids || ${field('runId', 'text')} END,
    last_sequence = EXCLUDED.last_sequence,
    -- Once closed (by a final batch or by the reconciler), only another final batch changes the status.
    status = CASE WHEN e.closed_at IS NOT NULL AND EXCLUDED.closed_at IS NULL THEN e.status ELSE EXCLUDED.status END,
    last_sent_at = EXCLUDED.last_sent_at,
    input = coalesce(e.input, EXCLUDED.input),
    result = coalesce(EXCLUDED.result, e.result),
    error = coalesce(EXCLUDED.error, e.error),
    closed_at = coalesce(EXCLUDED.closed_at, e.closed_at),
    elapsed_ms = EXCLUDED.elapsed_ms,
    updated_at = now(),
    (${PROGRESS_COLUMNS}) = (${progressAfterBatch(STORED_ROW)})
  WHERE EXCLUDED.last_sequence > e.last_sequence
  RETURNING ${NOTIFIED_COLUMNS}
), items AS (
  INSERT INTO execution_items AS i (execution_id, step, item_index, ${ITEM_COLUMNS}, sequence)
  SELECT ${field('workflowId', 'text')}, item.*, ${field('sequence', 'int')}
  FROM jsonb_to_recordset(${BATCH}->'items') AS item(${ITEM_RECORD})
  ON CONFLICT (execution_id, step, item_index) DO UPDATE
  SET (${ITEM_COLUMNS}, sequence) = ROW(${prefixed('EXCLUDED', ITEM_COLUMNS)}, EXCLUDED.sequence)
  WHERE (${prefixed('i', ITEM_COLUMNS)}) IS DISTINCT FROM (${prefixed('EXCLUDED', ITEM_COLUMNS)})
)
${notifyProgressSql('execution')}`;

function prefixed(table: string, columns: string): string {
  return columns
    .split(', ')
    .map((column) => `${table}.${column}`)
    .join(', ');
}

/**
 * `PROGRESS_STATEMENT`'s one parameter, as JSON: the execution's fields under their `ProgressBatch` names (absent ones
 * are SQL NULL, and `input` or `result` JSON `null` stays a JSON null), its loops' counters by step, and each item once
 * as a record with the `execution_items` columns.
 */
export interface ProgressRecord extends Omit<ProgressBatch, 'loops'> {
  loops: LoopsByStep;
  items: ItemRecord[];
}

export interface ItemRecord extends Pick<
  ItemResult,
  'index' | 'key' | 'status' | 'attempts' | 'startedAt' | 'finishedAt' | 'durationMs' | 'error' | 'blockedBy' | 'preview'
> {
  step: string;
  /** Preview of the item's result, when it has one. */
  outputPreview?: string;
}

export function progressRecord({ loops, ...execution }: ProgressBatch): ProgressRecord {
  const items = itemsOf(loops).map(({ step, item }): ItemRecord => ({
    step,
    index: item.index,
    key: item.key,
    status: item.status,
    attempts: item.attempts,
    startedAt: item.startedAt,
    finishedAt: item.finishedAt,
    durationMs: item.durationMs,
    error: item.error,
    blockedBy: item.blockedBy,
    preview: item.preview,
    outputPreview: item.result === undefined ? undefined : previewOf(item.result),
  }));
  return { ...execution, loops: countersOf(loops), items };
}

/** The parameters of `PROGRESS_STATEMENT` for a batch: its `ProgressRecord` as JSON. */
export function progressParameters(batch: ProgressBatch): [string] {
  return [JSON.stringify(progressRecord(batch))];
}

function countersOf(loops: LoopBatch[]): LoopsByStep {
  return Object.fromEntries(loops.map(({ items: _items, ...counters }) => [counters.step, counters]));
}

/** Items by (step, index), the last report of an item winning: one INSERT … ON CONFLICT may not touch a row twice. */
function itemsOf(loops: LoopBatch[]): { step: string; item: ItemResult }[] {
  const items = new Map<string, { step: string; item: ItemResult }>();
  for (const loop of loops) {
    for (const item of loop.items) items.set(`${loop.step}\u0000${item.index}`, { step: loop.step, item });
  }
  return [...items.values()];
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { defer, filter, Observable, share } from 'rxjs';
import type { DataSource } from 'typeorm';
import { BATON_DATA_SOURCE } from '../persistence.constants';
import type { ProgressNotification } from '../../protocol';
import type { ExecutionEvent } from './execution-event';
import {
  bringsProgress,
  deriveExecutionEvents,
  itemsAfter,
  type ExecutionEventState,
  type ProgressSnapshot,
  type RecordedItem,
} from './execution-event.deriver';
import { ProgressListener } from './progress.listener';
import { errorMessage } from '../../errors/error-message';

/**
 * How long an instance remembers a closed execution: long enough for a late notification of it (a retried final
 * batch, the reconciler) to find its state and add no event twice.
 */
export const FORGET_CLOSED_EXECUTION_AFTER_MS = 10 * 60 * 1000;

/**
 * The running keys of the execution's row, and the items that batches `$2` (exclusive) to `$3` wrote, through the
 * (execution_id, sequence) index: one round trip per notification.
 */
const SNAPSHOT_QUERY = `
  SELECT e.last_sent_at AS observed_at,
         coalesce((SELECT jsonb_object_agg(loop.step, coalesce(loop.progress->'runningKeys', '[]'::jsonb))
                   FROM jsonb_each(e.loops) AS loop(step, progress)), '{}'::jsonb) AS running_keys,
         coalesce((SELECT json_agg(json_build_object(
                     'step', i.step, 'index', i.item_index, 'key', i.key, 'status', i.status, 'attempts', i.attempts,
                     'startedAt', i.started_at, 'finishedAt', i.finished_at, 'durationMs', i.duration_ms, 'error', i.error,
                     'blockedBy', i.blocked_by, 'sequence', i.sequence))
                   FROM execution_items AS i
                   WHERE i.execution_id = e.workflow_id AND i.sequence > $2 AND i.sequence <= $3), '[]'::json) AS items
  FROM executions AS e
  WHERE e.workflow_id = $1`;

interface SnapshotRow {
  observed_at: Date;
  running_keys: Record<string, string[]>;
  items: RecordedItem[];
}

/**
 * Turns progress notifications into `ExecutionEvent`s: items started and finished, and status changes. The work is
 * shared by every subscriber of the instance, so each notification costs one read however many there are, and runs
 * while anyone subscribes. Notifications of one execution are processed strictly in order, those of different
 * executions concurrently.
 *
 * Items are found by the sequence of the batch that wrote them, so an instance that missed notifications (while its
 * LISTEN connection was down, say) reports their items with the next one, and a notification seen twice reports
 * nothing twice. Every instance derives the same events from the same rows.
 */
@Injectable()
export class ExecutionEventStream {
  private readonly logger = new Logger('BatonExecutionEvents');
  private readonly shared: Observable<ExecutionEvent>;

  constructor(
    @Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly listener: ProgressListener,
  ) {
    this.shared = defer(() => this.derive()).pipe(share());
  }

  /** Events of every execution, from now on. */
  events(): Observable<ExecutionEvent> {
    return this.shared;
  }

  /** Events of one execution (by workflow id), from now on. */
  eventsOf(executionId: string): Observable<ExecutionEvent> {
    return this.shared.pipe(filter((event) => event.executionId === executionId));
  }

  private derive(): Observable<ExecutionEvent> {
    return new Observable<ExecutionEvent>((subscriber) => {
      const derivation = new EventDerivation(
        (notification, after) => this.read(notification, after),
        (event) => subscriber.next(event),
        this.logger,
      );
      const subscription = this.listener.notifications().subscribe({
        next: (notification) => derivation.accept(notification),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        derivation.stop();
      };
    });
  }

  private async read(notification: ProgressNotification, after: number): Promise<ProgressSnapshot> {
    const [row]: SnapshotRow[] = await this.dataSource.query(SNAPSHOT_QUERY, [notification.id, after, notification.seq]);
    // Deleted since: nothing left to report but the status.
    if (row === undefined) return { runningKeys: {}, observedAt: notification.updatedAt, items: [] };
    return {
      runningKeys: row.running_keys,
      observedAt: row.observed_at.toISOString(),
      // Inside JSON, timestamps come in the session's time zone: make them UTC like every other time Baton hands out.
      items: row.items.map((item) => ({ ...item, startedAt: isoOrNull(item.startedAt), finishedAt: isoOrNull(item.finishedAt) })),
    };
  }
}

interface TrackedExecution {
  state?: ExecutionEventState;
  /** The end of its chain of notifications being processed. */
  queue: Promise<void>;
  pending: number;
  forgetTimer?: NodeJS.Timeout;
}

/** The state of one subscription of the shared stream: what it knows of each execution, and the work queued for each. */
class EventDerivation {
  private readonly executions = new Map<string, TrackedExecution>();
  private stopped = false;

  constructor(
    private readonly read: (notification: ProgressNotification, after: number) => Promise<ProgressSnapshot>,
    private readonly emit: (event: ExecutionEvent) => void,
    private readonly logger: Logger,
  ) {}

  accept(notification: ProgressNotification): void {
    let tracked = this.executions.get(notification.id);
    if (tracked === undefined) {
      tracked = { queue: Promise.resolve(), pending: 0 };
      this.executions.set(notification.id, tracked);
    }
    const execution = tracked;
    clearTimeout(execution.forgetTimer);
    execution.pending += 1;
    execution.queue = execution.queue
      .then(() => this.process(execution, notification))
      .finally(() => {
        execution.pending -= 1;
        this.forgetLater(notification.id, execution);
      });
  }

  stop(): void {
    this.stopped = true;
    for (const execution of this.executions.values()) clearTimeout(execution.forgetTimer);
    this.executions.clear();
  }

  /** Never rejects, so that one failed read does not stop the execution's chain. */
  private async process(execution: TrackedExecution, notification: ProgressNotification): Promise<void> {
    if (this.stopped) return;
    try {
      const snapshot = bringsProgress(execution.state, notification)
        ? await this.read(notification, itemsAfter(execution.state, notification))
        : { runningKeys: {}, observedAt: notification.updatedAt, items: [] };
      if (this.stopped) return;
      const { events, state } = deriveExecutionEvents(execution.state, notification, snapshot);
      execution.state = state;
      for (const event of events) this.emit(event);
    } catch (error) {
      // The state stays as it was: the next notification of the execution reads these items again.
      this.logger.warn(
        `Could not read the progress of execution "${notification.id}" (batch ${notification.seq}): ` +
          `${errorMessage(error)}. Its events come with its next notification.`,
      );
    }
  }

  private forgetLater(id: string, execution: TrackedExecution): void {
    if (this.stopped || execution.pending > 0 || execution.state === undefined || execution.state.status === 'running') return;
    execution.forgetTimer = setTimeout(() => {
      if (this.executions.get(id) === execution && execution.pending === 0) this.executions.delete(id);
    }, FORGET_CLOSED_EXECUTION_AFTER_MS);
    execution.forgetTimer.unref();
  }
}

function isoOrNull(time: string | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

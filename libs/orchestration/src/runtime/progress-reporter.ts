import { CancellationScope, patched, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import {
  PROGRESS_BY_TIME_PATCH,
  PROGRESS_SINK_ACTIVITY,
  type ExecutionStatus,
  type ItemResult,
  type LoopBatch,
  type ProgressBatch,
} from '../protocol';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { ExecutionProgressRegistry } from './execution-progress';

/**
 * How often progress leaves the workflow while items finish: once `batchSize` items are pending, but no sooner than
 * `minIntervalMs` after the previous batch (fast items are batched by time), and at the latest `intervalMs` after it.
 */
export interface ProgressSettings {
  batchSize: number;
  intervalMs: number;
  minIntervalMs: number;
}

/**
 * Each batch costs an activity round trip, its events and mostly a workflow task of its own: a 1,000 × 20 ms loop at
 * concurrency 10 (~200 items a second) paid a few percent of its time for two batches a second: the workflow tasks
 * their completions woke up, the wait for the final batch and the CPU of the writes (docs/performance.md). One batch a
 * second halved the batches without a measurable gain, and would hold the dashboard's live view a second behind, so
 * a batch leaves at most twice a second while items finish, and an item finishing after a quiet spell leaves at once.
 */
export const DEFAULT_PROGRESS_SETTINGS: ProgressSettings = { batchSize: 10, intervalMs: 1000, minIntervalMs: 500 };

type Sink = (batch: ProgressBatch) => Promise<void>;

/**
 * Sends the execution's progress and finished items to the progress-sink activity in batches, one call at a time
 * and in order. The loop never waits for a write: while the database is unreachable the sink retries and batches
 * queue up in the workflow, then land in order. Calls are shielded from cancellation so that a cancelled
 * execution still records how it ended.
 */
export class ProgressReporter {
  private readonly pending = new Map<string, ItemResult[]>();
  private pendingCount = 0;
  private lastFlushAt = Date.now();
  /** When the armed timers fire (workflow time): a batch is never due sooner than the earliest of them. */
  private readonly timersDueAt = new Set<number>();
  /** Set once the last batch of this run is cut (handed over or finished): later changes would follow it. */
  private closed = false;
  private writes: Promise<void> = Promise.resolve();
  private readonly sink: Sink;
  /** False only while replaying a history from before batching by time: its batches are cut as they were then. */
  private readonly byTime = patched(PROGRESS_BY_TIME_PATCH);
  private readonly settings: ProgressSettings;

  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly registry: ExecutionProgressRegistry,
    /** What the worker was configured with; the rest comes from the defaults. */
    settings: Partial<ProgressSettings>,
    private readonly startedAt: string,
    /** Batches already sent by earlier runs of the execution (continue-as-new). */
    private sequence: number,
  ) {
    this.settings = { ...DEFAULT_PROGRESS_SETTINGS, ...withoutUndefined(settings) };
    const activities = proxyActivities<Record<string, Sink>>({
      startToCloseTimeout: '30s',
      // The sink heartbeats while it writes: an attempt lost with its worker is retried after 10 s, not 30.
      heartbeatTimeout: '10s',
      // No maximumAttempts: unlimited retries, so a database outage delays the record but never loses it.
      retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s' },
    });
    this.sink = activities[PROGRESS_SINK_ACTIVITY];
  }

  /** The first record of the execution, with its input. */
  started(input: unknown): void {
    this.flush({ status: 'running', input });
  }

  itemFinished(step: string, item: ItemResult): void {
    const items = this.pending.get(step) ?? [];
    // The item's row keeps neither when it became ready nor how long it queued: a fifth of its bytes in the batch.
    const { readyAt: _readyAt, queuedMs: _queuedMs, ...recorded } = item;
    items.push(recorded);
    this.pending.set(step, items);
    this.pendingCount++;
    this.flushWhenDue(false);
  }

  /**
   * The execution was paused, resumed or got a new window: records the loops' state now, with whatever items are
   * pending, so that the database and its subscribers need not wait for the next batch of items.
   */
  stateChanged(): void {
    if (!this.closed) {
      this.flush({ status: 'running' });
    }
  }

  /** Before the run continues as new: writes what is pending and tells the next run where the sequence stands. */
  async handOver(): Promise<number> {
    this.closed = true;
    if (this.pendingCount > 0) {
      this.flush({ status: 'running' });
    }
    await this.writes;
    return this.sequence;
  }

  /** The last record: how the execution ended. Resolves once every batch has been written. */
  async finished(status: ExecutionStatus, outcome: { result?: unknown; error?: string }): Promise<void> {
    this.closed = true;
    this.flush({ status, ...outcome, closedAt: new Date().toISOString() });
    await this.writes;
  }

  /**
   * Sends the pending items now if their batch is due, or arms a timer for when it will be (unless one fires sooner).
   * Histories from before batching by time had no minimum interval and sent items short of a batch only on a timer.
   */
  private flushWhenDue(timerFired: boolean): void {
    if (this.pendingCount === 0) {
      return;
    }
    const { batchSize, intervalMs, minIntervalMs } = this.settings;
    const full = this.pendingCount >= batchSize;
    const dueAt = this.lastFlushAt + (full ? (this.byTime ? minIntervalMs : 0) : intervalMs);
    if (Date.now() >= dueAt && (this.byTime || full || timerFired)) {
      this.flush({ status: 'running' });
      return;
    }
    if ([...this.timersDueAt].some((armed) => armed <= dueAt)) {
      return;
    }
    this.timersDueAt.add(dueAt);
    void CancellationScope.nonCancellable(() => sleep(Math.max(1, dueAt - Date.now()))).then(() => {
      this.timersDueAt.delete(dueAt);
      this.flushWhenDue(true);
    });
  }

  private flush(state: Pick<ProgressBatch, 'status' | 'input' | 'result' | 'error' | 'closedAt'>): void {
    const info = workflowInfo();
    const loops: LoopBatch[] = this.registry.loopProgress().map((loop) => ({ ...loop, items: this.pending.get(loop.step) ?? [] }));
    const batch: ProgressBatch = {
      workflowId: info.workflowId,
      runId: info.runId,
      firstRunId: info.firstExecutionRunId,
      workflowType: this.definition.name,
      ...(info.parent === undefined ? {} : { parentWorkflowId: info.parent.workflowId }),
      definitionHash: this.definition.hash,
      taskQueue: this.definition.taskQueue,
      sequence: ++this.sequence,
      startedAt: this.startedAt,
      sentAt: new Date().toISOString(),
      loops,
      ...withoutUndefined(state),
      status: state.status,
    };
    this.pending.clear();
    this.pendingCount = 0;
    this.lastFlushAt = Date.now();
    // Only a batch the database will never accept fails here (outages are retried inside the activity): the
    // execution goes on, and later batches, which carry the counters again, still land.
    this.writes = this.writes.then(() => CancellationScope.nonCancellable(() => this.sink(batch)).catch(() => undefined));
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

import { ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import { transitiveDependents } from '../definition/graph';
import {
  ITEM_STATUS_CODES,
  LOOP_FAILED_ERROR,
  type GraphNodeStatus,
  type ItemResult,
  type ItemStatus,
  type LoopContext,
  type LoopProgress,
  type LoopResult,
} from '../protocol';
import type { OnItemError } from '../definition/workflow-definition';
import type { ContinueAsNewGate } from './continuation';
import type { ControlledLoop, ExecutionControl } from './execution-control';
import type { LoopProgressSource } from './execution-progress';
import { rootMessage } from './failure-details';
import { previewOf } from './item-preview';
import type { LoopItems } from './loop-items';
import { ReadyQueue } from './ready-queue';
import {
  ITEM_CANCELLED_WITH_WORKFLOW,
  itemBlockedBy,
  itemCancelledByBail,
  itemCancelledByFailFast,
  itemNotStartedByBail,
  itemNotStartedByFailFast,
  loopStoppedAtFirstFailure,
} from './runtime.messages';

export type ItemOutcome = { ok: true; value: unknown; attempts: number } | { ok: false; error: unknown; attempts: number };

/** Runs one item (an activity or a child workflow) and reports how it went; rejects only on cancellation. */
export type ItemExecutor = (item: unknown, context: LoopContext) => Promise<ItemOutcome>;

export interface LoopWindowOptions {
  workflowId: string;
  step: string;
  items: LoopItems;
  /** The loop's own window; the execution's `setConcurrency` override, when set, takes its place. */
  concurrency: number;
  onItemError: OnItemError;
  /**
   * Stop at the first failure as fail-fast does (items in flight are cancelled, items not started end skipped), but
   * resolve with the loop's result instead of rejecting, so that the steps after the loop still run.
   */
  bail?: boolean;
  execute: ItemExecutor;
  /** Told of every item as it ends, in any status. */
  onItemFinished?: (item: ItemResult) => void;
  /** When it says so, the loop stops starting items and drains, so that the run can continue as new. */
  gate?: ContinueAsNewGate;
  /** Item statuses from the run before (`Continuation.loops`): those items are done already. */
  checkpoint?: string;
  /** Pause and concurrency override of the execution; while paused the window starts nothing. */
  control?: ExecutionControl;
}

/** A loop cut short so that the run can continue as new; `checkpoint` lets the next run go on. */
export interface DrainedLoop {
  drained: true;
  checkpoint: string;
}

const STATUS_BY_CODE = Object.fromEntries(Object.entries(ITEM_STATUS_CODES).map(([status, code]) => [code, status])) as Record<
  string,
  ItemStatus | 'pending'
>;

const NOT_WAITING = -1;

/**
 * The loop scheduler: keeps at most `concurrency` items in flight and refills a freed slot in the same workflow
 * activation that saw it free, taking the ready item of highest priority. An item is ready when every item it
 * depends on succeeded; dependents of a failed item end `blocked`.
 *
 * Every state change happens in promise callbacks of the current activation, so the commands that start the next
 * items leave with the workflow task that completed the previous ones: the window is exact in the history too.
 *
 * The execution's control can pause the window or change its limit while it runs. A limit lowered below the items
 * in flight lets them finish and starts nothing until fewer than the limit run; a resume or a raised limit refills
 * the window in the activation that delivered it.
 */
export class LoopWindow implements LoopProgressSource, ControlledLoop {
  private readonly ready = new ReadyQueue();
  /** Unfinished dependencies per item; NOT_WAITING once the item is queued, running or finished. */
  private readonly waitingOn: Int32Array;
  private readonly results: (ItemResult | undefined)[];
  private readonly inFlight = new Map<number, CancellationScope>();
  /** Workflow time at which each item became ready. */
  private readonly readySince: Float64Array;
  private readonly startedAt = new Date().toISOString();
  private readonly counts: Record<ItemStatus, number> = { succeeded: 0, failed: 0, blocked: 0, skipped: 0 };
  private finished = 0;
  private firstFailure?: ItemResult;
  /** The failure that stopped a bailing loop from starting items. */
  private bailedAt?: ItemResult;
  private cancellation?: unknown;
  private drained = false;
  private settled = false;
  private settle?: () => void;

  constructor(private readonly options: LoopWindowOptions) {
    const { items, graph, keys } = options.items;
    this.results = new Array(items.length);
    this.waitingOn = new Int32Array(items.length);
    this.readySince = new Float64Array(items.length);
    const { checkpoint } = options;
    const done = (index: number) => checkpoint !== undefined && checkpoint[index] !== ITEM_STATUS_CODES.pending;
    for (let index = 0; index < items.length; index++) {
      if (done(index)) {
        // Recorded by an earlier run: counted, never run again.
        const status = STATUS_BY_CODE[checkpoint![index]] as ItemStatus;
        this.results[index] = { index, key: keys[index], status, attempts: 0, durationMs: 0, preview: '' };
        this.counts[status]++;
        this.finished++;
        this.waitingOn[index] = NOT_WAITING;
        continue;
      }
      const dependencies = graph === undefined ? 0 : [...graph.dependenciesOf(index)].filter((dependency) => !done(dependency)).length;
      if (dependencies === 0) {
        this.waitingOn[index] = NOT_WAITING;
        this.markReady(index);
      } else {
        this.waitingOn[index] = dependencies;
      }
    }
  }

  /**
   * Resolves with every item's outcome, or with a checkpoint when the gate asked the run to continue as new;
   * rejects when fail-fast stopped the loop or the workflow was cancelled.
   */
  async run(): Promise<LoopResult | DrainedLoop> {
    const { control } = this.options;
    control?.attach(this);
    await new Promise<void>((resolve) => {
      this.settle = resolve;
      this.watchCancellation();
      this.advance();
    });
    control?.detach(this);
    if (this.cancellation !== undefined) {
      throw this.cancellation;
    }
    if (this.drained) {
      return { drained: true, checkpoint: this.checkpoint() };
    }
    const result = this.result();
    if (this.firstFailure !== undefined) {
      const { key, error } = this.firstFailure;
      throw ApplicationFailure.create({
        message: loopStoppedAtFirstFailure(this.options.step, key, error),
        type: LOOP_FAILED_ERROR,
        nonRetryable: true,
        details: [result],
      });
    }
    return result;
  }

  progress(): LoopProgress {
    return {
      step: this.options.step,
      total: this.options.items.items.length,
      completed: this.finished,
      ...this.counts,
      running: this.inFlight.size,
      runningKeys: [...this.inFlight.keys()].map((index) => this.options.items.keys[index]),
      concurrency: this.limit,
      paused: this.paused,
      startedAt: this.startedAt,
    };
  }

  get concurrency(): number {
    return this.options.concurrency;
  }

  refill(): void {
    this.advance();
  }

  private get limit(): number {
    return this.options.control?.limit(this.options.concurrency) ?? this.options.concurrency;
  }

  private get paused(): boolean {
    return this.options.control?.paused ?? false;
  }

  /** For a loop whose items depend on each other: every item, the keys it depends on and its status now. */
  itemGraph(): { key: string; dependsOn: string[]; status: GraphNodeStatus }[] {
    const { graph, keys } = this.options.items;
    if (graph === undefined) {
      return [];
    }
    return keys.map((key, index) => ({
      key,
      dependsOn: Array.from(graph.dependenciesOf(index), (dependency) => keys[dependency]),
      status: this.results[index]?.status ?? (this.inFlight.has(index) ? 'running' : 'pending'),
    }));
  }

  private get stopped(): boolean {
    return this.cancellation !== undefined || this.firstFailure !== undefined || this.bailedAt !== undefined;
  }

  /**
   * A cancelled workflow normally reaches the loop through its cancelled items. A paused loop may have none in
   * flight, so it listens to the cancellation itself; with items in flight it leaves them to report it as before.
   * (Unpaused, a loop with none in flight has settled already.)
   */
  private watchCancellation(): void {
    CancellationScope.current().cancelRequested.catch((error: unknown) => {
      if (!this.settled && this.inFlight.size === 0) {
        this.cancellation ??= error;
        this.settleWhenDone();
      }
    });
  }

  private advance(): void {
    this.fill();
    this.settleWhenDone();
  }

  private fill(): void {
    const { order, skipReasons } = this.options.items;
    while (!this.stopped && !this.paused && this.inFlight.size < this.limit && this.ready.size > 0 && !this.options.gate?.check()) {
      const index = order[this.ready.pop()!];
      if (skipReasons[index] === undefined) {
        this.start(index);
      } else {
        this.skip(index, skipReasons[index]);
      }
    }
  }

  /** A `skipIf` item takes no slot: it ends at once and its dependents go on. */
  private skip(index: number, reason: string): void {
    const now = new Date().toISOString();
    this.record(index, 'skipped', {
      error: reason,
      readyAt: new Date(this.readySince[index]).toISOString(),
      queuedMs: 0,
      startedAt: now,
      finishedAt: now,
    });
    this.release(index);
  }

  private start(index: number): void {
    const { items, keys } = this.options.items;
    const startedAt = Date.now();
    const context: LoopContext = {
      workflowId: this.options.workflowId,
      step: this.options.step,
      index,
      key: keys[index],
      total: items.length,
      completed: this.finished,
      attempt: 1,
    };
    const scope = new CancellationScope();
    this.inFlight.set(index, scope);
    scope
      .run(() => this.options.execute(items[index], context))
      .then(
        (outcome) => this.finish(index, startedAt, outcome),
        (error: unknown) => this.finish(index, startedAt, { ok: false, error, attempts: 1 }),
      );
  }

  private finish(index: number, startedAt: number, outcome: ItemOutcome): void {
    this.inFlight.delete(index);
    const finishedAt = Date.now();
    const timing = {
      attempts: outcome.attempts,
      durationMs: finishedAt - startedAt,
      readyAt: new Date(this.readySince[index]).toISOString(),
      queuedMs: startedAt - this.readySince[index],
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
    };
    if (outcome.ok) {
      this.record(index, 'succeeded', { ...timing, result: outcome.value });
      this.release(index);
    } else if (isCancellation(outcome.error)) {
      if (this.firstFailure !== undefined) {
        this.record(index, 'skipped', { ...timing, error: itemCancelledByFailFast(this.firstFailure.key) });
      } else if (this.bailedAt !== undefined) {
        this.record(index, 'skipped', { ...timing, error: itemCancelledByBail(this.bailedAt.key) });
      } else {
        this.cancellation ??= outcome.error;
        this.record(index, 'skipped', { ...timing, error: ITEM_CANCELLED_WITH_WORKFLOW });
      }
    } else {
      const failed = this.record(index, 'failed', { ...timing, error: rootMessage(outcome.error) });
      if (this.options.onItemError === 'fail-fast') {
        this.failFast(failed);
      } else {
        this.blockDependents(index);
        if (this.options.bail === true) this.bail(failed);
      }
    }
    this.advance();
  }

  /** An item succeeded: its dependents whose dependencies have now all succeeded become ready. */
  private release(index: number): void {
    const { graph } = this.options.items;
    if (graph === undefined) {
      return;
    }
    for (const dependent of graph.dependentsOf(index)) {
      if (this.waitingOn[dependent] > 0 && --this.waitingOn[dependent] === 0) {
        this.waitingOn[dependent] = NOT_WAITING;
        this.markReady(dependent);
      }
    }
  }

  private markReady(index: number): void {
    this.readySince[index] = Date.now();
    this.ready.push(this.options.items.rank[index]);
  }

  private blockDependents(index: number): void {
    const { graph, keys } = this.options.items;
    if (graph === undefined) {
      return;
    }
    for (const dependent of transitiveDependents(graph, index)) {
      if (this.results[dependent] === undefined) {
        this.waitingOn[dependent] = NOT_WAITING;
        this.record(dependent, 'blocked', {
          blockedBy: keys[index],
          error: itemBlockedBy(keys[index]),
        });
      }
    }
  }

  /** Stop starting items, cancel those in flight, and mark everything not started as skipped; the loop rejects. */
  private failFast(failed: ItemResult): void {
    this.firstFailure = failed;
    this.stopAll(itemNotStartedByFailFast(failed.key));
  }

  /** The same as fail-fast, but the loop resolves with its result. */
  private bail(failed: ItemResult): void {
    if (this.bailedAt === undefined) {
      this.bailedAt = failed;
      this.stopAll(itemNotStartedByBail(failed.key));
    }
  }

  private stopAll(notStarted: string): void {
    for (const scope of this.inFlight.values()) {
      scope.cancel();
    }
    this.skipNotStarted(notStarted);
  }

  private skipNotStarted(reason: string): void {
    for (let index = 0; index < this.results.length; index++) {
      if (this.results[index] === undefined && !this.inFlight.has(index)) {
        // Finished now: an item in flight that still succeeds must not make it ready again.
        this.waitingOn[index] = NOT_WAITING;
        this.record(index, 'skipped', { error: reason });
      }
    }
  }

  private record(index: number, status: ItemStatus, fields: Partial<ItemResult>): ItemResult {
    const result: ItemResult = {
      index,
      key: this.options.items.keys[index],
      status,
      attempts: 0,
      durationMs: 0,
      ...fields,
      preview: previewOf(this.options.items.items[index]),
    };
    this.results[index] = result;
    this.counts[status]++;
    this.finished++;
    this.options.onItemFinished?.(result);
    return result;
  }

  private settleWhenDone(): void {
    if (this.inFlight.size > 0 || this.settled) {
      return;
    }
    if (this.finished === this.results.length || this.cancellation !== undefined) {
      this.settled = true;
      this.settle?.();
    } else if (this.options.gate?.check()) {
      this.drained = true;
      this.settled = true;
      this.settle?.();
    }
  }

  private checkpoint(): string {
    // Array.from, not map: `results` has holes for items not yet finished, and map skips holes.
    return Array.from(this.results, (result) => (result === undefined ? ITEM_STATUS_CODES.pending : ITEM_STATUS_CODES[result.status])).join(
      '',
    );
  }

  private result(): LoopResult {
    const counts = { concurrency: this.limit, total: this.results.length, ...this.counts };
    return this.options.checkpoint === undefined
      ? { ...counts, items: this.results as ItemResult[] }
      : { ...counts, items: [], itemsOmitted: true };
  }
}

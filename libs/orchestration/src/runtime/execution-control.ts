import { defineSignal, defineUpdate } from '@temporalio/workflow';
import { isValidConcurrency } from '../definition/concurrency';
import { PAUSE_SIGNAL, RESUME_SIGNAL, SET_CONCURRENCY_UPDATE, type ConcurrencyChange, type ExecutionControlState } from '../protocol';

export { isValidConcurrency };

/**
 * Live control of a running execution's loops through the protocol's signals and update (`baton.pause`,
 * `baton.resume`, `baton.setConcurrency` with one integer argument). Sandbox-safe and free of workflow state at
 * import, so Node-side clients import the definitions from here too.
 */

/** Loop windows stop starting items; items already running finish. */
export const pauseSignal = defineSignal(PAUSE_SIGNAL);
/** Loop windows refill at once. */
export const resumeSignal = defineSignal(RESUME_SIGNAL);
/** Sets the window of every loop of the execution, running and later ones; answers with the change. */
export const setConcurrencyUpdate = defineUpdate<ConcurrencyChange, [number]>(SET_CONCURRENCY_UPDATE);

/** A running loop window, as the control sees it. */
export interface ControlledLoop {
  /** The loop's own window: declared by `@ParallelLoop()`, or read from the input (`concurrencyFrom`). */
  readonly concurrency: number;
  /** Starts what the new state allows, in the activation that changed it. */
  refill(): void;
}

/**
 * The pause flag and the concurrency override of one execution, which every loop window consults before it starts
 * an item. Changes reach the running windows synchronously, so the commands that start items leave with the
 * workflow task that delivered the signal or update.
 */
export class ExecutionControl {
  private isPaused: boolean;
  private override?: number;
  /** Running loops, in the order they started. */
  private readonly loops = new Set<ControlledLoop>();
  /** The own window of the loop that started last, for `previous` once no loop is running. */
  private lastConcurrency?: number;

  constructor(state?: ExecutionControlState) {
    this.isPaused = state?.paused ?? false;
    this.override = state?.concurrency;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** The window a loop whose own window is `own` may fill now. */
  limit(own: number): number {
    return this.override ?? own;
  }

  attach(loop: ControlledLoop): void {
    this.loops.add(loop);
    this.lastConcurrency = loop.concurrency;
  }

  detach(loop: ControlledLoop): void {
    this.loops.delete(loop);
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.refill();
  }

  /**
   * `previous` is the override in force, else the own window of the first running loop, else of the loop that ran
   * last, else `declared` (the execution's first loop, when none has started yet).
   */
  setConcurrency(concurrency: number, declared: () => number): ConcurrencyChange {
    const [running] = this.loops;
    const previous = this.override ?? running?.concurrency ?? this.lastConcurrency ?? declared();
    this.override = concurrency;
    this.refill();
    return { previous, concurrency };
  }

  /** For the next run; undefined while nothing was ever changed, so that such continuations stay as they were. */
  state(): ExecutionControlState | undefined {
    if (!this.isPaused && this.override === undefined) {
      return undefined;
    }
    return this.override === undefined ? { paused: this.isPaused } : { paused: this.isPaused, concurrency: this.override };
  }

  private refill(): void {
    for (const loop of this.loops) {
      loop.refill();
    }
  }
}

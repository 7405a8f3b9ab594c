import { LOOP_COUNTERS, type ExecutionProgress, type LoopCounters, type LoopProgress } from '../protocol';

/** Something that can report a loop's counters: each running or finished loop window. */
export interface LoopProgressSource {
  progress(): LoopProgress;
}

/** Sums the counters of every loop the execution has started, for the `baton.progress` query. */
export class ExecutionProgressRegistry {
  private readonly loops: LoopProgressSource[] = [];

  constructor(private readonly startedAt: string) {}

  register(loop: LoopProgressSource): void {
    this.loops.push(loop);
  }

  loopProgress(): LoopProgress[] {
    return this.loops.map((loop) => loop.progress());
  }

  /** `paused`: the execution's pause flag (`ExecutionControl`), which holds before any loop starts too. */
  snapshot(paused: boolean): ExecutionProgress {
    const loops = this.loopProgress();
    const counters = Object.fromEntries(
      LOOP_COUNTERS.map((counter) => [counter, loops.reduce((total, loop) => total + loop[counter], 0)]),
    ) as LoopCounters;
    return {
      ...counters,
      paused,
      startedAt: this.startedAt,
      loops,
    };
  }
}

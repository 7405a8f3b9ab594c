import type { ExecutionProgress, LoopProgress } from '../definition/loop-result';

/** Something that can report a loop's counters: each running or finished loop window. */
export interface LoopProgressSource {
  progress(): LoopProgress;
}

/** Sums the counters of every loop the execution has started, for the `progress` query. */
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
    const sum = (field: 'total' | 'completed' | 'failed' | 'blocked' | 'running') =>
      loops.reduce((total, loop) => total + loop[field], 0);
    return {
      total: sum('total'),
      completed: sum('completed'),
      failed: sum('failed'),
      blocked: sum('blocked'),
      running: sum('running'),
      paused,
      startedAt: this.startedAt,
      loops,
    };
  }
}

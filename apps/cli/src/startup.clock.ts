import { performance } from 'node:perf_hooks';

export interface StartupPhase {
  name: string;
  ms: number;
  note: string;
}

/**
 * The start-up of `baton build` phase by phase, for `--verbose` and bench/cli-startup.bench.ts. The first phase runs
 * from the process's start (`performance.timeOrigin`): loading Node and Baton's modules.
 */
export class StartupClock {
  private readonly phases: StartupPhase[] = [];
  private last = 0;

  /** Ends the phase running since the previous mark (or since the process started). */
  mark(name: string, note = ''): void {
    const now = performance.now();
    this.phases.push({ name, ms: now - this.last, note });
    this.last = now;
  }

  /** Splits `ms` off the end of the phase just marked, as a phase of its own placed before it (a part measured inside it). */
  split(name: string, ms: number, note = ''): void {
    const last = this.phases.pop();
    if (last === undefined) return;
    const part = Math.min(ms, last.ms);
    this.phases.push({ name, ms: part, note }, { ...last, ms: last.ms - part });
  }

  /** Adds a phase measured elsewhere, ending `ms` after the last mark. */
  add(name: string, ms: number, note = ''): void {
    this.phases.push({ name, ms, note });
  }

  list(): readonly StartupPhase[] {
    return this.phases;
  }

  totalMs(): number {
    return this.phases.reduce((sum, phase) => sum + phase.ms, 0);
  }
}

import type { ItemStatus } from '@baton/orchestration';

export interface PackageReport {
  name: string;
  status: ItemStatus;
  /** For blocked packages: the failed package it (transitively) depends on. */
  blockedBy?: string;
  /** Why it failed, was blocked or was skipped; for failures, ends with the last lines of the script's output. */
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs: number;
  /** Time it waited for a free slot after its dependencies were done. */
  queuedMs: number;
  attempts: number;
  /** `hit`: restored from the cache instead of built. */
  cache?: 'hit' | 'miss';
  /** Its output in this run, on the worker (packages that succeeded or failed). */
  logPath?: string;
}

export interface BuildReport {
  workspace: string;
  concurrency: number;
  startedAt?: string;
  finishedAt?: string;
  totals: { packages: number; succeeded: number; failed: number; blocked: number; skipped: number };
  /** From the first package becoming ready to the last one finishing. */
  makespanMs: number;
  /** max(critical path, total work / concurrency), from this run's durations: no schedule can finish sooner. */
  lowerBoundMs: number;
  /** makespan / lower bound: 1.00 is a perfect schedule. */
  makespanRatio: number;
  criticalPath: { packages: string[]; durationMs: number };
  totalWorkMs: number;
  /** Share of the makespan during which min(concurrency, packages ready or running) packages were running. */
  utilisation: number;
  packages: PackageReport[];
}

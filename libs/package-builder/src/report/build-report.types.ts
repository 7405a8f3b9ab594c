import type { ItemStatus } from '@baton/orchestration';
import type { Distribution } from './distribution';

export interface PackageReport {
  name: string;
  status: ItemStatus;
  /** For blocked packages: the failed package it (transitively) depends on. */
  blockedBy?: string;
  /** Why it failed, was blocked or was skipped; for failures, ends with the last lines of the script's output. */
  error?: string;
  /** When Baton started and saw the end of its build (the activity), by the workflow's clock. */
  startedAt?: string;
  finishedAt?: string;
  /** From startedAt to finishedAt: its scripts and Baton's own time around them. */
  durationMs: number;
  /** Time it waited for a free slot after its dependencies were done. */
  queuedMs: number;
  attempts: number;
  /** `hit`: restored from the cache instead of built. */
  cache?: 'hit' | 'miss';
  /** Its output in this run, on the worker (packages that succeeded or failed). */
  logPath?: string;
  /** For a package that ran: its scripts' own run time (the work; a failed package's is its activity's time). */
  workMs?: number;
  /** For a package that ran: durationMs less workMs. */
  overheadMs?: number;
  /** For a package that ran: its first script's start and its last script's end, by the worker's clock. */
  scriptsStartedAt?: string;
  scriptsFinishedAt?: string;
}

/** Baton's own time around the scripts (see `orchestrationOverhead`). */
export interface OrchestrationOverhead {
  /** The sum over packages that ran of their activity's time not spent in scripts. */
  totalMs: number;
  /** Per package that ran: activity time not spent in scripts. */
  perPackage: Distribution;
  /** Per package with dependencies: from its last dependency's script end to its own script start, slot waits left out. */
  links: Distribution;
  /** How much later the critical path's last script ended than its first script's start plus the path's work. */
  criticalPathMs: number;
}

export interface BuildReport {
  workspace: string;
  concurrency: number;
  startedAt?: string;
  finishedAt?: string;
  totals: { packages: number; succeeded: number; failed: number; blocked: number; skipped: number };
  /** From the first package becoming ready to the last one finishing. */
  makespanMs: number;
  /**
   * max(critical path, total work / concurrency), from the scripts' own run times of the packages that ran: no
   * schedule can finish sooner. Packages that never ran (blocked, skipped) count for nothing.
   */
  lowerBoundMs: number;
  /** makespan / lower bound: 1.00 is a perfect schedule. */
  makespanRatio: number;
  /** The heaviest chain of packages that ran, weighted by their scripts' run times. */
  criticalPath: { packages: string[]; durationMs: number };
  /** The scripts' run times, summed over the packages that ran. */
  totalWorkMs: number;
  /** Absent from reports recorded before the scripts' own times were measured. */
  overhead?: OrchestrationOverhead;
  /** Share of the makespan during which min(concurrency, packages ready or running) packages were running. */
  utilisation: number;
  /**
   * Set when the run continued as new during the build (a very long history): the packages' results were not carried
   * across, so `packages` is empty, the totals are the loop's counts, and the timing figures are zero. Every package's
   * row is in PostgreSQL (GraphQL `Execution.items`, the CSV export).
   */
  packagesOmitted?: true;
  /** Present when the plan had something to warn about: each dependency cycle of the run and how it was built. */
  warnings?: string[];
  packages: PackageReport[];
}

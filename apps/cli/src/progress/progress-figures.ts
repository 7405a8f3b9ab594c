import type { ItemStatus } from '@baton/orchestration';
import type { RemainingWork } from './remaining-work';

export type StatusCounts = Record<ItemStatus | 'running', number>;

/** The header's arithmetic, from the counts at `now`. */
export interface ProgressFigures extends StatusCounts {
  done: number;
  total: number;
  /** Whole percent of the packages done, 100 for an empty build. */
  percent: number;
  /** Packages built (succeeded or failed) per second since the build loop started. */
  ratePerSecond: number;
  /** Time left at that rate; absent until a package was built. */
  etaMs?: number;
  /** Since the command started (planning included). */
  elapsedMs: number;
  /** The window: at most this many packages at a time. */
  concurrency: number;
}

export interface FigureInputs {
  counts: StatusCounts;
  total: number;
  concurrency: number;
  /** When the command started. */
  startedAt: number;
  /** When the build loop started; absent while planning. */
  loopStartedAt?: number;
  now: number;
  /** The work left, once a build's duration was measured: the ETA comes from it. */
  remaining?: RemainingWork;
}

/**
 * Skipped and blocked packages end at once without building, so they count as done but not in the rate nor in the
 * work left: otherwise the packages without a build script, done in the first second, would make the ETA start far
 * too short. The ETA is the longer of the remaining chain of dependencies and the remaining work spread over the
 * window; before a build's duration is known, the remaining packages at the rate so far.
 */
export function progressFigures({
  counts,
  total,
  concurrency,
  startedAt,
  loopStartedAt,
  now,
  remaining: left,
}: FigureInputs): ProgressFigures {
  const done = counts.succeeded + counts.failed + counts.blocked + counts.skipped;
  const built = counts.succeeded + counts.failed;
  const buildingSeconds = loopStartedAt === undefined ? 0 : Math.max(now - loopStartedAt, 0) / 1000;
  const ratePerSecond = built === 0 || buildingSeconds === 0 ? 0 : built / buildingSeconds;
  const remaining = total - done;
  return {
    ...counts,
    done,
    total,
    percent: total === 0 ? 100 : Math.floor((done / total) * 100),
    ratePerSecond,
    ...(remaining === 0
      ? { etaMs: 0 }
      : left !== undefined
        ? { etaMs: Math.round(Math.max(left.chainMs, left.workMs / Math.max(concurrency, 1))) }
        : ratePerSecond === 0
          ? {}
          : { etaMs: Math.round((remaining / ratePerSecond) * 1000) }),
    elapsedMs: Math.max(now - startedAt, 0),
    concurrency,
  };
}

/** `0.4 s`, `12.0 s`, `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

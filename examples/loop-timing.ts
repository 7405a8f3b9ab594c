import type { LoopResult } from '@baton/orchestration';
import { formatDuration, type SummaryLine } from './summary.format';

/** How long a loop's items took: together (as if run one after another) and side by side. */
export interface LoopTiming {
  /** Sum of the items' `durationMs`: what the loop would take running one item at a time. */
  sequentialMs: number;
  /** From the first item's start to the last item's end (workflow clock). */
  wallMs: number;
}

/** Items that never started (blocked, skipped) have no times and count for nothing. */
export function loopTiming(loop: LoopResult): LoopTiming {
  let sequentialMs = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const item of loop.items) {
    if (item.startedAt === undefined || item.finishedAt === undefined) {
      continue;
    }
    sequentialMs += item.durationMs;
    start = Math.min(start, Date.parse(item.startedAt));
    end = Math.max(end, Date.parse(item.finishedAt));
  }
  return { sequentialMs, wallMs: end > start ? end - start : 0 };
}

/** The timing of a loop run with `concurrency`, with what the speedup means spelled out. */
export function timingLines({ sequentialMs, wallMs }: LoopTiming, concurrency: number): SummaryLine[] {
  const speedup = wallMs > 0 ? `${(sequentialMs / wallMs).toFixed(1)}×` : 'n/a (no item ran)';
  return [
    ['loop wall time', `${formatDuration(wallMs)} (first item start to last item end)`],
    ['sequential time', `${formatDuration(sequentialMs)} (sum of the item durations: one item at a time)`],
    [
      'speedup vs sequential',
      concurrency === 1
        ? `${speedup} (concurrency 1: the loop is sequential by design)`
        : `${speedup} (sequential time ÷ loop wall time, at concurrency ${concurrency})`,
    ],
  ];
}

import type { LaneState } from './build-tracker';
import { formatDuration, type ProgressFigures } from './progress-figures';

const BAR_WIDTH = 24;
/** Narrower than this, the bar goes: the figures matter more. */
const MIN_BAR_WIDTH = 8;

/** The header: done/total, %, rate, ETA, elapsed and the window; the bar shrinks (or goes) to fit in `width`. */
export function headerLine(figures: ProgressFigures, paused = false, width = Number.POSITIVE_INFINITY): string {
  const { done, total, percent, ratePerSecond, etaMs, elapsedMs, concurrency } = figures;
  const text = [
    `${done}/${total} packages`,
    `${percent}%`,
    `${ratePerSecond.toFixed(1)} packages/s`,
    `ETA ${etaMs === undefined ? '—' : formatDuration(etaMs)}`,
    `${formatDuration(elapsedMs)} elapsed`,
    paused ? `paused (${concurrency} at a time)` : `${concurrency} at a time`,
  ].join('  ');
  const barWidth = Math.min(BAR_WIDTH, width - text.length - 3);
  if (barWidth < MIN_BAR_WIDTH) return text;
  const filled = Math.round((percent / 100) * barWidth);
  return `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${text}`;
}

/** One line per lane: the package building in it and for how long, or idle. */
export function laneLines(lanes: readonly LaneState[]): string[] {
  const width = Math.max(0, ...lanes.map((lane) => lane.package?.length ?? 0));
  const number = String(lanes.length).length;
  return lanes.map((lane, index) => {
    const label = `  lane ${String(index + 1).padStart(number)}  `;
    return lane.package === undefined ? `${label}idle` : `${label}${lane.package.padEnd(width)}  ${formatDuration(lane.elapsedMs ?? 0)}`;
  });
}

export function legendLine({ succeeded, failed, blocked, skipped }: ProgressFigures): string {
  return `${succeeded} succeeded · ${failed} failed · ${blocked} blocked · ${skipped} skipped`;
}

export function planningLine(elapsedMs: number): string {
  return `Planning: reading the workspace… ${formatDuration(elapsedMs)}`;
}

/**
 * The whole live picture: header, lanes, legend (or the planning line before the build starts), each line at most
 * `width` characters.
 */
export function buildFrame(
  figures: ProgressFigures,
  lanes: readonly LaneState[],
  { planning = false, paused = false, width = Number.POSITIVE_INFINITY } = {},
): string[] {
  const lines = planning
    ? [planningLine(figures.elapsedMs)]
    : [headerLine(figures, paused, width), ...laneLines(lanes), legendLine(figures)];
  return lines.map((line) => line.slice(0, width));
}

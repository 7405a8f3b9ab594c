import type { LaneState } from './build-tracker';
import { formatDuration, type ProgressFigures } from './progress-figures';

const BAR_WIDTH = 24;

/** The header: done/total, %, rate, ETA, elapsed and the window. */
export function headerLine(figures: ProgressFigures, paused = false): string {
  const { done, total, percent, ratePerSecond, etaMs, elapsedMs, concurrency } = figures;
  const filled = Math.round((percent / 100) * BAR_WIDTH);
  return [
    `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${done}/${total} packages`,
    `${percent}%`,
    `${ratePerSecond.toFixed(1)} packages/s`,
    `ETA ${etaMs === undefined ? '—' : formatDuration(etaMs)}`,
    `${formatDuration(elapsedMs)} elapsed`,
    paused ? `paused (${concurrency} at a time)` : `${concurrency} at a time`,
  ].join('  ');
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

/** The whole live picture: header, lanes, legend (or the planning line before the build starts). */
export function buildFrame(figures: ProgressFigures, lanes: readonly LaneState[], { planning = false, paused = false } = {}): string[] {
  return planning ? [planningLine(figures.elapsedMs)] : [headerLine(figures, paused), ...laneLines(lanes), legendLine(figures)];
}

import { simulatedMakespan } from '../src/forecast/lane.simulation';
import type { ItemState } from './execution.state';

/** Statuses of items still to run or running; the others are done (or will never run). */
const REMAINING: ReadonlySet<string> = new Set(['pending', 'running']);

/**
 * How long the rest of the graph takes, simulated on `lanes` lanes as the loop schedules (see lane.simulation.ts):
 * an item not started weighs the mean duration of the items finished so far, a running one what is left of that mean
 * (at least nothing). Undefined until an item finished (no duration recorded) or when the dependencies have a cycle.
 */
export function remainingMakespan(
  items: ReadonlyMap<string, ItemState>,
  dependencies: ReadonlyMap<string, readonly string[]>,
  lanes: number,
  now: number,
): { makespanMs: number; at: number } | undefined {
  const known = [...items.values()].filter((item) => item.durationMs !== undefined && item.status === 'succeeded');
  if (known.length === 0) return undefined;
  const mean = known.reduce((sum, item) => sum + item.durationMs!, 0) / known.length;
  const remaining = [...items.values()]
    .filter((item) => REMAINING.has(item.status))
    .map((item) => {
      const running = item.status === 'running';
      const elapsed = running && item.startedAt !== undefined ? now - item.startedAt : 0;
      return { key: item.id, dependsOn: dependencies.get(item.id) ?? [], durationMs: Math.max(0, mean - elapsed), running };
    });
  try {
    return { makespanMs: simulatedMakespan(remaining, lanes, true), at: now };
  } catch {
    return undefined;
  }
}

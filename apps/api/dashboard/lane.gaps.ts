import type { ItemState } from './execution.state';
import { subtract, type ControlTimeline, type Span } from './window.timeline';

/** A bar of the lane chart: an item's run in its lane. */
export interface LaneBar extends Span {
  key: string;
  lane: number;
}

/** A stretch of a lane the window allowed but no item used, and why. */
export interface LaneGap extends Span {
  lane: number;
  /**
   * `paused`, `window full`, `waiting on <item>`, `scheduling` (an item was ready: the loop had not started it yet) or
   * `idle` (nothing left to start).
   */
  wait: string;
}

export interface GapContext {
  timeline: ControlTimeline;
  items: ReadonlyMap<string, ItemState>;
  /** The graph's nodes (the items when they depend on each other, else the steps). */
  nodes: readonly string[];
  dependencies: ReadonlyMap<string, readonly string[]>;
  label: (id: string) => string;
  /** The chart's right edge; trailing gaps count only while the execution runs. */
  end: number;
  running: boolean;
  /** Shorter gaps are scheduling latency, not waits. */
  minimumMs: number;
}

/**
 * The idle stretches of each lane from the loop's first start, minus the times the lane was outside the window,
 * each labelled by what the slot waited for: the pause (a stretch is cut at the pause's ends); the window being full
 * (a narrowed window still running more items than it now allows); the dependency whose end let the lane's next item
 * start; the loop starting an item that was ready (`scheduling`); or, at the end of a running execution with no item
 * ready, a running item that items not yet ready depend on.
 */
export function laneGaps(bars: readonly LaneBar[], lanes: number, context: GapContext): LaneGap[] {
  if (bars.length === 0) return [];
  const first = Math.min(...bars.map((bar) => bar.from));
  const gaps: LaneGap[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const closed = context.timeline.windows.filter((window) => window.size <= lane);
    const inLane = bars.filter((bar) => bar.lane === lane).sort((a, b) => a.from - b.from);
    let free = first;
    const candidates: { span: Span; next?: LaneBar }[] = [];
    for (const bar of inLane) {
      if (bar.from > free) candidates.push({ span: { from: free, to: bar.from }, next: bar });
      free = Math.max(free, bar.to);
    }
    if (context.running && context.end > free) candidates.push({ span: { from: free, to: context.end } });
    for (const { span, next } of candidates) {
      for (const open of subtract(span, closed)) {
        const paused = context.timeline.paused
          .map((pause) => ({ from: Math.max(pause.from, open.from), to: Math.min(pause.to, open.to) }))
          .filter((piece) => piece.to > piece.from);
        for (const piece of paused) gaps.push({ ...piece, lane, wait: 'paused' });
        for (const piece of subtract(open, paused)) gaps.push({ ...piece, lane, wait: waitOf(piece, next, bars, context) });
      }
    }
  }
  return gaps.filter((gap) => gap.to - gap.from >= context.minimumMs).sort((a, b) => a.lane - b.lane || a.from - b.from);
}

function waitOf(gap: Span, next: LaneBar | undefined, bars: readonly LaneBar[], context: GapContext): string {
  const window = context.timeline.windows.find((candidate) => candidate.from <= gap.from && gap.from < candidate.to);
  const busy = bars.filter((bar) => bar.from <= gap.from && bar.to > gap.from).length;
  if (window && busy >= window.size) return 'window full';
  if (next) {
    const dependency = lastDependency(next.key, gap, context);
    // The lane's next item was ready before the stretch began: the slot waited for the loop to start it.
    return dependency ? `waiting on ${context.label(dependency)}` : 'scheduling';
  }
  if (anyReady(context)) return 'scheduling';
  const blocker = runningBlocker(context);
  return blocker ? `waiting on ${context.label(blocker)}` : 'idle';
}

/** An item not started whose dependencies all succeeded: a free slot now only waits for the loop to start it. */
function anyReady(context: GapContext): boolean {
  return context.nodes.some(
    (id) =>
      (context.items.get(id)?.status ?? 'pending') === 'pending' &&
      (context.dependencies.get(id) ?? []).every((dependency) => context.items.get(dependency)?.status === 'succeeded'),
  );
}

/** The dependency of `key` that ended last, if it ended during the gap: what the next item waited for. */
function lastDependency(key: string, gap: Span, context: GapContext): string | undefined {
  let last: string | undefined;
  let lastEnd = -Infinity;
  for (const dependency of context.dependencies.get(key) ?? []) {
    const end = context.items.get(dependency)?.finishedAt;
    if (end !== undefined && end > lastEnd) [last, lastEnd] = [dependency, end];
  }
  return last !== undefined && lastEnd >= gap.from && lastEnd <= gap.to + context.minimumMs ? last : undefined;
}

/** A running item that an item not yet started depends on: what a free slot waits for now. */
function runningBlocker(context: GapContext): string | undefined {
  for (const [id, dependencies] of context.dependencies) {
    const status = context.items.get(id)?.status ?? 'pending';
    if (status !== 'pending') continue;
    const running = dependencies.find((dependency) => context.items.get(dependency)?.status === 'running');
    if (running) return running;
  }
  return undefined;
}

/** One `Execution.windowChanges` entry as the API sends it. */
export interface ApiWindowChange {
  at: string;
  previous: number | null;
  concurrency: number | null;
  paused: boolean | null;
}

export interface Span {
  from: number;
  to: number;
}

/** The execution's window over time (one span per value) and the spans it was paused. */
export interface ControlTimeline {
  windows: (Span & { size: number })[];
  paused: Span[];
}

/**
 * The window from `start` to `end`: the first change's previous value (or `current` when it never changed), then each
 * change's value from its instant; and the paused spans, a pause lasting until the next resume (or `end`).
 */
export function controlTimeline(changes: readonly ApiWindowChange[], start: number, end: number, current: number): ControlTimeline {
  const resizes = changes.filter((change) => change.concurrency !== null);
  const windows: ControlTimeline['windows'] = [];
  let size = resizes[0]?.previous ?? current;
  // A closed execution reports no window (0): its lanes are what ran.
  let from = start;
  for (const change of resizes) {
    const at = Date.parse(change.at);
    windows.push({ from, to: at, size });
    size = change.concurrency!;
    from = at;
  }
  windows.push({ from, to: end, size });
  const paused: Span[] = [];
  let pausedAt: number | undefined;
  for (const change of changes) {
    if (change.paused === true) pausedAt ??= Date.parse(change.at);
    if (change.paused === false && pausedAt !== undefined) {
      paused.push({ from: pausedAt, to: Date.parse(change.at) });
      pausedAt = undefined;
    }
  }
  if (pausedAt !== undefined) paused.push({ from: pausedAt, to: end });
  return { windows: windows.filter((window) => window.to > window.from && window.size > 0), paused };
}

/** Parts of `span` outside every span of `holes` (both sorted or not). */
export function subtract(span: Span, holes: readonly Span[]): Span[] {
  let pieces = [span];
  for (const hole of holes) {
    pieces = pieces.flatMap((piece) =>
      hole.to <= piece.from || hole.from >= piece.to
        ? [piece]
        : [
            ...(hole.from > piece.from ? [{ from: piece.from, to: hole.from }] : []),
            ...(hole.to < piece.to ? [{ from: hole.to, to: piece.to }] : []),
          ],
    );
  }
  return pieces;
}

/** How a set of durations is spread: its median, 95th percentile (nearest rank) and maximum, in ms; zeros when empty. */
export interface Distribution {
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export function distributionOf(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (share: number): number => (sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]);
  return { count: sorted.length, medianMs: rank(0.5), p95Ms: rank(0.95), maxMs: sorted.at(-1) ?? 0 };
}

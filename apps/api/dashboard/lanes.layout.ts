/** One run of an item: from its start to its end (or now, while it runs). */
export interface Interval {
  key: string;
  start: number;
  end: number;
}

/**
 * Assigns each interval to a lane so that no two in a lane overlap, using as few lanes as the most intervals ever
 * running at once (greedy interval partitioning: by start time, into the lowest-numbered lane free by then). The API
 * records no slot per item; with a window of N, this never needs more than N lanes.
 */
export function assignLanes(intervals: readonly Interval[]): { lanes: Map<string, number>; count: number } {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const laneEnds: number[] = [];
  const lanes = new Map<string, number>();
  for (const interval of sorted) {
    let lane = laneEnds.findIndex((end) => end <= interval.start);
    if (lane === -1) lane = laneEnds.push(interval.end) - 1;
    else laneEnds[lane] = interval.end;
    lanes.set(interval.key, lane);
  }
  return { lanes, count: laneEnds.length };
}

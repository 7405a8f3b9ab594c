import { setTimeout as sleep } from 'node:timers/promises';

export interface BenchItem {
  id: number;
  /** How long the item's work waits (0: no wait at all). */
  workMs: number;
}

/** The item work both sides of the benchmarks run. */
export async function benchItem(item: BenchItem): Promise<number> {
  if (item.workMs > 0) {
    await sleep(item.workMs);
  }
  return item.id;
}

export const benchActivities = { benchItem };
export type BenchActivities = typeof benchActivities;

/**
 * The baseline for the overhead benchmark: the same bounded-concurrency loop written by hand with the Temporal
 * SDK, N lanes each taking the next item as soon as its previous one finished.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { BenchActivities, BenchItem } from './bench.activities';

const { benchItem } = proxyActivities<BenchActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } });

export async function handWrittenLoop(items: BenchItem[], concurrency: number): Promise<number[]> {
  const results: number[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await benchItem(items[index]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

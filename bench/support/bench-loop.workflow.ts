import { Injectable } from '@nestjs/common';
import { ParallelLoop, Workflow } from '@baton/orchestration';
import { benchItem, type BenchItem } from './bench.activities';

export const BATON_BENCH_QUEUE = 'baton-bench';
/** Served by a Baton worker that reserves no slots for eager activity dispatch: the before of each A/B. */
export const LAZY_BENCH_QUEUE = 'baton-bench-lazy';
export const PERSISTED_BENCH_QUEUE = 'baton-bench-persisted';
export const HAND_WRITTEN_BENCH_QUEUE = 'baton-bench-hand-written';

/** The Baton side of the benchmarks: one loop whose concurrency comes from the input (task queue set per worker). */
@Workflow({ name: 'BenchLoop' })
@Injectable()
export class BenchLoopWorkflow {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 1, concurrencyFrom: 'concurrency', startToCloseTimeout: '1 minute' })
  run(item: BenchItem): Promise<number> {
    return benchItem(item);
  }
}

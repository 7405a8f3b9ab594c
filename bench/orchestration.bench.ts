/**
 * Orchestration benchmarks, measured side by side in one run against the real stack:
 * - speedup of a 100 × 200 ms loop at concurrency 4 and 10 over concurrency 1, with eager activity dispatch (a
 *   worker reserving 10 slots per workflow task, as build-workspace does) and, interleaved, without it (Baton's
 *   default: a second worker that reserves none);
 * - overhead of a Baton loop vs the same window written by hand with the Temporal SDK (1,000 items, concurrency 10);
 * - throughput of 1,000 near-instant items at concurrency 10, and the Baton worker process's peak RSS.
 * Both workers run in processes of their own; this process only starts workflows, by type name, with a plain
 * Temporal client. Prints a table and writes bench/results/orchestration.md. Run: `npm run bench:orchestration`.
 */
import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { type LoopResult, installTemporalRuntime } from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import type { BenchItem } from './support/bench.activities';
import { BATON_BENCH_QUEUE, HAND_WRITTEN_BENCH_QUEUE, LAZY_BENCH_QUEUE } from './support/bench-loop.workflow';
import { peakRssMb, startBenchWorker as startWorker } from './support/bench-worker.process';
import { writeBenchReport, type MeasureRow } from './support/bench-report';

async function main(): Promise<void> {
  installTemporalRuntime();
  const infrastructure = await startInfrastructure();
  const { address, namespace } = infrastructure.temporal;
  const env = { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace };
  const workers: ChildProcess[] = [];
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const rows: MeasureRow[] = [];
  try {
    const baton = await startWorker('baton', env);
    workers.push(baton, await startWorker('hand-written', env), await startWorker('baton-lazy', env));
    let run = 0;
    const timeBaton = async (items: number, concurrency: number, workMs: number, taskQueue = BATON_BENCH_QUEUE) => {
      const started = performance.now();
      const result = await client.workflow.execute('BenchLoop', {
        taskQueue,
        workflowId: `bench-baton-${Date.now()}-${run++}`,
        args: [{ items: benchItems(items, workMs), concurrency }],
      });
      if ((result as LoopResult).succeeded !== items)
        throw new Error(`Baton loop finished ${(result as LoopResult).succeeded} of ${items} items`);
      return performance.now() - started;
    };
    const timeHandWritten = async (items: number, concurrency: number, workMs: number) => {
      const started = performance.now();
      const result = await client.workflow.execute('handWrittenLoop', {
        taskQueue: HAND_WRITTEN_BENCH_QUEUE,
        workflowId: `bench-hand-written-${Date.now()}-${run++}`,
        args: [benchItems(items, workMs), concurrency],
      });
      if ((result as number[]).length !== items) throw new Error('hand-written loop lost items');
      return performance.now() - started;
    };

    // Warm both workers (bundle load, first workflow tasks) so the timings compare steady states.
    await timeBaton(50, 10, 0);
    await timeHandWritten(50, 10, 0);
    await timeBaton(50, 10, 0, LAZY_BENCH_QUEUE);

    const sequential = await timeBaton(100, 1, 200);
    const lazySequential = await timeBaton(100, 1, 200, LAZY_BENCH_QUEUE);
    const four = await timeBaton(100, 4, 200);
    const lazyFour = await timeBaton(100, 4, 200, LAZY_BENCH_QUEUE);
    const ten = await timeBaton(100, 10, 200);
    const lazyTen = await timeBaton(100, 10, 200, LAZY_BENCH_QUEUE);
    rows.push([
      'Speedup 100 × 200 ms, concurrency 4 vs 1',
      `${ratio(sequential, four)}x`,
      '≥ 3.8x',
      `${seconds(sequential)} vs ${seconds(four)}`,
    ]);
    rows.push([
      'Speedup 100 × 200 ms, concurrency 10 vs 1',
      `${ratio(sequential, ten)}x`,
      '≥ 9x',
      `${seconds(sequential)} vs ${seconds(ten)}`,
    ]);
    rows.push([
      'Per-item overhead at concurrency 1 ((time − 20 s) / 100), eager dispatch on / off',
      `${perItem(sequential)} / ${perItem(lazySequential)} ms`,
      '≤ 10 ms',
      `${seconds(sequential)} / ${seconds(lazySequential)}`,
    ]);
    rows.push([
      'Without eager dispatch: speedup concurrency 4 / 10 vs 1',
      `${ratio(lazySequential, lazyFour)}x / ${ratio(lazySequential, lazyTen)}x`,
      '',
      `${seconds(lazySequential)} vs ${seconds(lazyFour)} / ${seconds(lazyTen)}`,
    ]);

    const batonTimes: number[] = [];
    const handWrittenTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      handWrittenTimes.push(await timeHandWritten(1000, 10, 20));
      batonTimes.push(await timeBaton(1000, 10, 20));
    }
    rows.push([
      'Overhead 1,000 items × 20 ms, concurrency 10: Baton / hand-written SDK loop',
      (median(batonTimes) / median(handWrittenTimes)).toFixed(3),
      '≤ 1.05',
      `median of 3 runs each, interleaved: ${seconds(median(batonTimes))} vs ${seconds(median(handWrittenTimes))}`,
    ]);

    const throughput = await timeBaton(1000, 10, 0);
    rows.push([
      'Throughput 1,000 near-zero items, concurrency 10',
      `${(1000 / (throughput / 1000)).toFixed(0)} items/s`,
      '',
      seconds(throughput),
    ]);
    rows.push([
      'Baton worker process peak RSS (whole run)',
      `${peakRssMb(baton.pid!).toFixed(0)} MB`,
      '< 300 MB',
      `hand-written worker: ${peakRssMb(workers[1].pid!).toFixed(0)} MB`,
    ]);
  } finally {
    for (const worker of workers) {
      worker.kill('SIGTERM');
    }
    await connection.close();
    await infrastructure.stop();
  }

  writeBenchReport('orchestration', 'Orchestration benchmarks', 'against an embedded Temporal dev server', rows);
}

const benchItems = (count: number, workMs: number): BenchItem[] => Array.from({ length: count }, (_, id) => ({ id, workMs }));
const perItem = (total: number) => ((total - 100 * 200) / 100).toFixed(1);
const ratio = (slow: number, fast: number) => (slow / fast).toFixed(2);
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

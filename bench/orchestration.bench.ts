/**
 * Orchestration benchmarks, measured side by side in one run against the real stack:
 * - a 100 × 200 ms loop at concurrency 1, 2, 4 and 10 on three workers under the same worker options: Baton with
 *   eager activity dispatch (10 slots reserved per workflow task, as build-workspace does), Baton without it
 *   (Baton's default: no slots reserved), and the same window written by hand with the Temporal SDK; speedups over
 *   concurrency 1 and the per-item overhead at concurrency 1;
 * - Baton vs the hand-written loop on 1,000 items × 20 ms at concurrency 10, 5 interleaved rounds (BENCH_ROUNDS=N);
 * - throughput of 1,000 near-instant items at concurrency 10, and the Baton worker process's peak RSS.
 * The workers run in processes of their own; this process only starts workflows, by type name, with a plain
 * Temporal client. Prints each figure with its target and writes bench/results/orchestration.md with a chart of
 * speedup against concurrency. Run: `npm run bench:orchestration`.
 */
import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { type LoopResult, installTemporalRuntime } from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import type { BenchItem } from './support/bench.activities';
import { BATON_BENCH_QUEUE, HAND_WRITTEN_BENCH_QUEUE, LAZY_BENCH_QUEUE } from './support/bench-loop.workflow';
import { peakRssMb, startBenchWorker as startWorker } from './support/bench-worker.process';
import { formats, informative, judged, writeBenchReport, type MeasureRow } from './support/bench-report';
import { median } from './support/statistics';

const CONCURRENCIES = [1, 2, 4, 10];
const ITEMS = 100;
const WORK_MS = 200;
const OVERHEAD_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MODES = ['eager', 'lazy', 'sdk'] as const;
type Mode = (typeof MODES)[number];
const MODE_NAMES: Record<Mode, string> = { eager: 'Baton, eager dispatch', lazy: 'Baton, no eager dispatch', sdk: 'hand-written SDK loop' };

async function main(): Promise<void> {
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const infrastructure = await startInfrastructure();
  const { address, namespace } = infrastructure.temporal;
  const env = { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace };
  const workers: ChildProcess[] = [];
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const rows: MeasureRow[] = [];
  const times: Record<Mode, number[]> = { eager: [], lazy: [], sdk: [] };
  try {
    const baton = await startWorker('baton', env);
    workers.push(baton, await startWorker('hand-written', env), await startWorker('baton-lazy', env));
    let run = 0;
    const time = async (mode: Mode, items: number, concurrency: number, workMs: number) => {
      const started = performance.now();
      const workItems = benchItems(items, workMs);
      const result = await client.workflow.execute(mode === 'sdk' ? 'handWrittenLoop' : 'BenchLoop', {
        taskQueue: mode === 'sdk' ? HAND_WRITTEN_BENCH_QUEUE : mode === 'lazy' ? LAZY_BENCH_QUEUE : BATON_BENCH_QUEUE,
        workflowId: `bench-${mode}-${Date.now()}-${run++}`,
        args: mode === 'sdk' ? [workItems, concurrency] : [{ items: workItems, concurrency }],
      });
      const finished = mode === 'sdk' ? (result as number[]).length : (result as LoopResult).succeeded;
      if (finished !== items) throw new Error(`the ${mode} loop finished ${finished} of ${items} items`);
      return performance.now() - started;
    };

    // Warm every worker (bundle load, first workflow tasks) so the timings compare steady states.
    for (const mode of MODES) await time(mode, 50, 10, 0);

    for (const concurrency of CONCURRENCIES) {
      for (const mode of MODES) times[mode].push(await time(mode, ITEMS, concurrency, WORK_MS));
    }
    const speedup = (mode: Mode, index: number) => times[mode][0] / times[mode][index];
    const perItem = (mode: Mode) => (times[mode][0] - ITEMS * WORK_MS) / ITEMS;
    const at = (concurrency: number) => CONCURRENCIES.indexOf(concurrency);
    rows.push(
      judged(
        'Per-item overhead at concurrency 1, Baton (eager)',
        perItem('eager'),
        { atMost: 10 },
        formats.ms,
        `${ITEMS} × ${WORK_MS} ms in ${formats.seconds(times.eager[0])}; without eager dispatch ` +
          `${formats.ms(perItem('lazy'))}, hand-written SDK loop ${formats.ms(perItem('sdk'))}`,
      ),
    );
    for (const [concurrency, goal] of [
      [4, 3.9],
      [10, 9.5],
    ]) {
      rows.push(
        judged(
          `Speedup ${ITEMS} × ${WORK_MS} ms, concurrency ${concurrency} vs 1, Baton (eager)`,
          speedup('eager', at(concurrency)),
          { atLeast: goal },
          formats.times,
          `${formats.seconds(times.eager[0])} vs ${formats.seconds(times.eager[at(concurrency)])}; no eager dispatch ` +
            `${formats.times(speedup('lazy', at(concurrency)))}, hand-written SDK loop ${formats.times(speedup('sdk', at(concurrency)))}`,
        ),
      );
    }
    for (const concurrency of CONCURRENCIES) {
      const index = at(concurrency);
      rows.push(
        judged(
          `Baton / hand-written SDK loop, ${ITEMS} × ${WORK_MS} ms, concurrency ${concurrency}`,
          times.eager[index] / times.sdk[index],
          { atMost: 1 },
          formats.ratio,
          `${formats.seconds(times.eager[index])} vs ${formats.seconds(times.sdk[index])}`,
        ),
      );
    }

    const batonTimes: number[] = [];
    const handWrittenTimes: number[] = [];
    for (let round = 0; round < OVERHEAD_ROUNDS; round++) {
      handWrittenTimes.push(await time('sdk', 1000, 10, 20));
      batonTimes.push(await time('eager', 1000, 10, 20));
    }
    const ratios = batonTimes.map((baton, round) => baton / handWrittenTimes[round]);
    rows.push(
      judged(
        'Baton / hand-written SDK loop, 1,000 × 20 ms, concurrency 10',
        median(ratios),
        { atMost: 1 },
        formats.ratio,
        `median of ${OVERHEAD_ROUNDS} interleaved rounds' ratios (${ratios.map(formats.ratio).join(', ')}): ` +
          `${formats.seconds(median(batonTimes))} vs ${formats.seconds(median(handWrittenTimes))}`,
      ),
    );

    const throughput = await time('eager', 1000, 10, 0);
    rows.push(
      informative(
        'Throughput 1,000 near-zero items, concurrency 10',
        `${(1000 / (throughput / 1000)).toFixed(0)} items/s`,
        formats.seconds(throughput),
      ),
    );
    rows.push(
      judged(
        'Baton worker process peak RSS (whole run)',
        peakRssMb(baton.pid!),
        { below: 300 },
        formats.mb,
        `hand-written worker: ${formats.mb(peakRssMb(workers[1].pid!))}`,
      ),
    );
  } finally {
    for (const worker of workers) {
      worker.kill('SIGTERM');
    }
    await connection.close();
    await infrastructure.stop();
  }

  writeBenchReport({
    name: 'orchestration',
    title: 'Orchestration benchmarks',
    setting:
      `against an embedded Temporal dev server with eager activity dispatch enabled; every worker reserves the same slots ` +
      `(10 per workflow task) except "no eager dispatch" (0)`,
    rows,
    charts: [
      {
        kind: 'line',
        id: 'speedup',
        title: `Speedup over concurrency 1, ${ITEMS} × ${WORK_MS} ms`,
        xLabel: 'concurrency N',
        yLabel: 'speedup (×)',
        series: [
          { name: 'ideal', points: CONCURRENCIES.map((n) => [n, n]), dashed: true },
          ...MODES.map((mode) => ({
            name: MODE_NAMES[mode],
            points: CONCURRENCIES.map((n, index): [number, number] => [n, times[mode][0] / times[mode][index]]),
          })),
        ],
      },
    ],
  });
}

const benchItems = (count: number, workMs: number): BenchItem[] => Array.from({ length: count }, (_, id) => ({ id, workMs }));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Persistence benchmarks, side by side in one run against the real stack (`npm run bench:persistence`):
 * - progress overhead: 1,000 items × 20 ms at concurrency 10 on a Baton worker recording progress in PostgreSQL
 *   vs one that does not, interleaved over 5 rounds (BENCH_ROUNDS=N for another count; target < 2%);
 * - database transactions per 1,000 items (every progress write is one statement and one transaction; target ≤ 120),
 *   read from `pg_stat_database` of a database used by nothing else;
 * - peak RSS of the recording worker process through a 10,000-item loop (target < 400 MB).
 * Informative rows split the overhead: what the batches add to the histories (workflow tasks, batches, their size and
 * write time, the final batch's wait), and the CPU the worker and the whole stack spend per run with and without them.
 * Writes bench/results/persistence.md.
 */
import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type LoopResult, installTemporalRuntime } from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import type { BenchItem } from './support/bench.activities';
import { BATON_BENCH_QUEUE, PERSISTED_BENCH_QUEUE } from './support/bench-loop.workflow';
import { peakRssMb, startBenchWorker } from './support/bench-worker.process';
import { formats, informative, judged, writeBenchReport, type MeasureRow } from './support/bench-report';
import { processCpu, treeCpuSeconds } from './support/process-cpu';
import { progressCost, type ProgressCost } from './support/progress-cost';
import { median } from './support/statistics';

const benchItems = (count: number, workMs: number): BenchItem[] => Array.from({ length: count }, (_, id) => ({ id, workMs }));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function main(): Promise<void> {
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const infrastructure = await startInfrastructure();
  const { address, namespace } = infrastructure.temporal;
  const admin = new pg.Client({ connectionString: infrastructure.database.url });
  await admin.connect();
  const benchDatabase = `baton_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${benchDatabase}`);
  const databaseUrl = Object.assign(new URL(infrastructure.database.url), { pathname: `/${benchDatabase}` }).toString();

  const workers: ChildProcess[] = [];
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const rows: MeasureRow[] = [];
  const withSink: number[] = [];
  const without: number[] = [];
  /** Per round of the overhead measure, on each side: what the run's history holds and the CPU it took. */
  const costs: Record<'with' | 'without', RunCost[]> = { with: [], without: [] };
  try {
    const env = { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, DATABASE_URL: databaseUrl };
    const persisted = await startBenchWorker('baton-persisted', env);
    const plain = await startBenchWorker('baton', env);
    workers.push(persisted, plain);
    let run = 0;
    const time = async (taskQueue: string, items: number, concurrency: number, workMs: number, cost?: 'with' | 'without') => {
      const worker = taskQueue === PERSISTED_BENCH_QUEUE ? persisted : plain;
      const cpuBefore = { worker: processCpu(worker.pid!).own, stack: treeCpuSeconds(process.pid) };
      const workflowId = `bench-persistence-${Date.now()}-${run++}`;
      const started = performance.now();
      const result = (await client.workflow.execute('BenchLoop', {
        taskQueue,
        workflowId,
        args: [{ items: benchItems(items, workMs), concurrency }],
      })) as LoopResult;
      const ms = performance.now() - started;
      if (result.succeeded !== items) throw new Error(`finished ${result.succeeded} of ${items} items`);
      if (cost !== undefined) {
        const cpu = { workerCpu: processCpu(worker.pid!).own - cpuBefore.worker, stackCpu: treeCpuSeconds(process.pid) - cpuBefore.stack };
        const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
        costs[cost].push({ ...progressCost(events ?? []), ...cpu });
      }
      return ms;
    };
    const commits = async () => {
      await sleep(1500); // backends report their statistics at most once a second
      await admin.query('SELECT pg_stat_clear_snapshot()');
      const { rows: stats } = await admin.query<{ commits: string }>(
        'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = $1',
        [benchDatabase],
      );
      return Number(stats[0].commits);
    };

    await time(PERSISTED_BENCH_QUEUE, 50, 10, 0);
    await time(BATON_BENCH_QUEUE, 50, 10, 0);

    for (let round = 0; round < ROUNDS; round++) {
      without.push(await time(BATON_BENCH_QUEUE, 1000, 10, 20, 'without'));
      withSink.push(await time(PERSISTED_BENCH_QUEUE, 1000, 10, 20, 'with'));
    }
    const overheads = withSink.map((ms, round) => (ms / without[round] - 1) * 100);
    rows.push(
      judged(
        'Progress overhead, 1,000 items × 20 ms, concurrency 10',
        median(overheads),
        { below: 2 },
        formats.percent,
        `median of ${ROUNDS} interleaved rounds' overheads (${overheads.map(formats.percent).join(', ')}); medians ` +
          `${formats.seconds(median(withSink))} with the sink vs ${formats.seconds(median(without))} without`,
      ),
    );

    rows.push(...overheadSplit(costs));

    const before = await commits();
    await time(PERSISTED_BENCH_QUEUE, 1000, 10, 0);
    const transactions = (await commits()) - before;
    rows.push(
      judged(
        'Database transactions per 1,000 items',
        transactions,
        { atMost: 120 },
        String,
        'pg_stat_database.xact_commit of a database only the sink uses',
      ),
    );

    const largeMs = await time(PERSISTED_BENCH_QUEUE, 10_000, 50, 0);
    rows.push(
      judged(
        'Recording worker peak RSS through a 10,000-item loop',
        peakRssMb(persisted.pid!),
        { below: 400 },
        formats.mb,
        `the loop took ${formats.seconds(largeMs)} (${(10_000 / (largeMs / 1000)).toFixed(0)} items/s, continue-as-new included)`,
      ),
    );
  } finally {
    for (const worker of workers) {
      worker.kill('SIGTERM');
    }
    await connection.close();
    await sleep(1000);
    await admin.query(`DROP DATABASE IF EXISTS ${benchDatabase} WITH (FORCE)`);
    await admin.end();
    await infrastructure.stop();
  }

  writeBenchReport({
    name: 'persistence',
    title: 'Persistence benchmarks',
    setting: 'embedded Temporal dev server and PostgreSQL',
    rows,
    charts: [
      {
        kind: 'bars',
        id: 'progress-overhead',
        title: '1,000 items × 20 ms at concurrency 10, per round',
        yLabel: 'seconds',
        groups: withSink.map((_, round) => `round ${round + 1}`),
        series: [
          { name: 'without the sink', values: without.map((ms) => ms / 1000) },
          { name: 'recording progress', values: withSink.map((ms) => ms / 1000) },
        ],
      },
    ],
  });
}

type RunCost = ProgressCost & { workerCpu: number; stackCpu: number };

/** Informative rows: where the recording side's extra time goes, as medians over the rounds. */
function overheadSplit(costs: Record<'with' | 'without', RunCost[]>): MeasureRow[] {
  const of = (side: 'with' | 'without', pick: (cost: RunCost) => number) => median(costs[side].map(pick));
  const sides = (pick: (cost: RunCost) => number, format: (value: number) => string) =>
    `${format(of('with', pick))} vs ${format(of('without', pick))}`;
  const count = (value: number) => value.toFixed(0);
  const cpu = (value: number) => `${value.toFixed(2)} s`;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const withSink = (pick: (cost: RunCost) => number) => count(of('with', pick));
  return [
    informative(
      'Workflow tasks per 1,000-item run',
      sides((cost) => cost.workflowTasks, count),
      'with the sink vs without, median of the rounds',
    ),
    informative(
      'Progress batches per run',
      withSink((cost) => cost.batches),
      `${withSink((cost) => cost.timers)} timers; ${withSink((cost) => cost.tasksForProgressOnly)} workflow tasks woken by batch ` +
        'completions or timers alone (the rest ride along with item completions)',
    ),
    informative(
      'Batch payload',
      kb(of('with', (cost) => median(cost.batchBytes))),
      `median per batch; the first carries the input (${kb(of('with', (cost) => cost.batchBytes[0]))}), the last the result ` +
        `(${kb(of('with', (cost) => cost.batchBytes.at(-1)!))})`,
    ),
    informative('Batch write on the worker', ms(of('with', (cost) => median(cost.batchRunMs))), 'ActivityTaskStarted → Completed, median'),
    informative(
      'Last item → run closed',
      sides((cost) => cost.tailMs, ms),
      'with the sink vs without: the final batch is written before the run ends',
    ),
    informative(
      'Recording worker CPU per run',
      sides((cost) => cost.workerCpu, cpu),
      'its own process, with the sink vs without',
    ),
    informative(
      'Stack CPU per run',
      sides((cost) => cost.stackCpu, cpu),
      'both workers, Temporal, PostgreSQL and the bench, with the sink vs without',
    ),
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

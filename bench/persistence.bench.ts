/**
 * Persistence benchmarks, side by side in one run against the real stack (`npm run bench:persistence`):
 * - progress overhead: 1,000 items × 20 ms at concurrency 10 on a Baton worker recording progress in PostgreSQL
 *   vs one that does not, interleaved over 5 rounds (BENCH_ROUNDS=N for another count; target < 2%);
 * - database transactions per 1,000 items (every progress write is one statement and one transaction; target ≤ 120),
 *   read from `pg_stat_database` of a database used by nothing else;
 * - peak RSS of the recording worker process through a 10,000-item loop (target < 400 MB).
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
import { formats, judged, writeBenchReport, type MeasureRow } from './support/bench-report';
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
  try {
    const env = { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, DATABASE_URL: databaseUrl };
    const persisted = await startBenchWorker('baton-persisted', env);
    workers.push(persisted, await startBenchWorker('baton', env));
    let run = 0;
    const time = async (taskQueue: string, items: number, concurrency: number, workMs: number) => {
      const started = performance.now();
      const result = (await client.workflow.execute('BenchLoop', {
        taskQueue,
        workflowId: `bench-persistence-${Date.now()}-${run++}`,
        args: [{ items: benchItems(items, workMs), concurrency }],
      })) as LoopResult;
      if (result.succeeded !== items) throw new Error(`finished ${result.succeeded} of ${items} items`);
      return performance.now() - started;
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
      without.push(await time(BATON_BENCH_QUEUE, 1000, 10, 20));
      withSink.push(await time(PERSISTED_BENCH_QUEUE, 1000, 10, 20));
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

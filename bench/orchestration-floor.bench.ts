/**
 * What the per-item floor at window 1 is made of, and which server settings lower it. Starts one Temporal dev server
 * per variant (the embedded dev stack's flags, plus the variant's own), each with a Baton worker and a hand-written
 * SDK worker under the same options, and runs 100 × 0 ms and 100 × 20 ms loops at window 1 on every variant,
 * interleaved, BENCH_ROUNDS rounds (default 3; BENCH_WORK_MS=0,20,200 for other item lengths). Per item: the
 * wall-clock overhead ((wall − work) / items), the hops read from the history, and the Prometheus metrics of the
 * server and of the loop's worker (time and count per item of each persistence operation, RPC, task and activation)
 * read as the difference around each run. Run:
 * `npm run build && node dist/bench/orchestration-floor.bench.js [name='--flag value … env:GOGC=400']…`
 * (each argument one variant; `env:` entries set the server's environment; the embedded settings always run as
 * `embedded`). Prints its tables; writes nothing.
 */
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedTemporalServerArgs, locateTemporalCli } from '@baton/dev-stack';
import { findFreePorts } from '@baton/orchestration/process';
import type { LoopResult } from '@baton/orchestration';
import { BATON_BENCH_QUEUE, HAND_WRITTEN_BENCH_QUEUE } from './support/bench-loop.workflow';
import { startBenchWorker } from './support/bench-worker.process';
import { activityRunTimes, loopItemGaps, summariseGaps, type Gap } from './support/history-latency';
import { median } from './support/statistics';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ITEMS = 100;
const WORK_MS = (process.env.BENCH_WORK_MS ?? '0,20').split(',').map(Number);
const LOOPS = ['sdk', 'baton'] as const;
type Loop = (typeof LOOPS)[number];

interface Variant {
  name: string;
  flags: string[];
  server: ChildProcess;
  metricsUrl: string;
  client: Client;
  connection: Connection;
  workers: ChildProcess[];
  /** Each loop's worker's Temporal core metrics (BATON_TEMPORAL_METRICS_ADDRESS). */
  workerMetricsUrls: Record<Loop, string>;
}

/** Prometheus text: `name{labels} value` lines, summed per name and the labels that tell operations apart. */
type Sample = Map<string, number>;
const KEPT_LABELS = ['operation', 'service_name', 'task_type', 'task_category', 'eager'];

async function scrape(url: string): Promise<Sample> {
  const text = await (await fetch(url)).text();
  const sample: Sample = new Map();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+?)(_sum|_count)?(?:\{(.*)\})? ([0-9.e+-]+)$/.exec(line);
    if (match === null || line.includes('_bucket')) continue;
    const [, name, suffix = '', labels = '', value] = match;
    const kept = [...labels.matchAll(/(\w+)="([^"]*)"/g)]
      .filter(([, key, val]) => KEPT_LABELS.includes(key) && val !== '' && val !== '_unknown_')
      .map(([, key, val]) => `${key}=${val}`)
      .join(',');
    const key = `${name}${suffix}{${kept}}`;
    sample.set(key, (sample.get(key) ?? 0) + Number(value));
  }
  return sample;
}

function difference(after: Sample, before: Sample): Sample {
  const delta: Sample = new Map();
  for (const [key, value] of after) {
    const change = value - (before.get(key) ?? 0);
    if (change > 0) delta.set(key, change);
  }
  return delta;
}

async function startServer(name: string, flags: string[]): Promise<Variant> {
  const cli = locateTemporalCli(process.env.TEMPORAL_CLI_PATH) ?? 'temporal';
  const [port, uiPort, metricsPort, batonMetricsPort, sdkMetricsPort] = await findFreePorts(5, '127.0.0.1');
  const directory = mkdtempSync(join(tmpdir(), `baton-floor-${name}-`));
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--headless',
    '--metrics-port',
    String(metricsPort),
    '--log-level',
    'error',
    '--db-filename',
    join(directory, 'temporal.db'),
    ...embeddedTemporalServerArgs(),
    ...flags.filter((flag) => !flag.startsWith('env:')),
  ];
  const server = spawn(cli, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...serverEnv(flags) } });
  server.once('exit', (code) => code !== null && code !== 0 && console.error(`the ${name} server exited with ${code}`));
  const address = `127.0.0.1:${port}`;
  let connection: Connection | undefined;
  for (let attempt = 0; connection === undefined; attempt++) {
    connection = await Connection.connect({ address }).catch(async (error: unknown) => {
      if (attempt > 120) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
      return undefined;
    });
  }
  const client = new Client({ connection, namespace: 'default' });
  const env = (metricsPort: number) => ({
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
    BATON_TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
  });
  const workers = [await startBenchWorker('baton', env(batonMetricsPort)), await startBenchWorker('hand-written', env(sdkMetricsPort))];
  const url = (port: number) => `http://127.0.0.1:${port}/metrics`;
  return {
    name,
    flags,
    server,
    metricsUrl: url(metricsPort),
    client,
    connection,
    workers,
    workerMetricsUrls: { baton: url(batonMetricsPort), sdk: url(sdkMetricsPort) },
  };
}

/** `env:KEY=VALUE` in a variant's flags sets the server process's environment (GOGC, GOMAXPROCS) instead of a flag. */
function serverEnv(flags: string[]): Record<string, string> {
  return Object.fromEntries(flags.filter((flag) => flag.startsWith('env:')).map((flag) => flag.slice(4).split('=') as [string, string]));
}

let run = 0;
interface LoopRun {
  perItemMs: number;
  metrics: Sample;
  /** The hops of each item by the history's timestamps, and each activity's run (started → completed). */
  links: Gap[][];
  activityRuns: number[];
}

async function runLoop(variant: Variant, loop: Loop, workMs: number): Promise<LoopRun> {
  const items = Array.from({ length: ITEMS }, (_, id) => ({ id, workMs }));
  const scrapeBoth = async () => new Map([...(await scrape(variant.metricsUrl)), ...(await scrape(variant.workerMetricsUrls[loop]))]);
  const before = await scrapeBoth();
  const started = performance.now();
  const workflowId = `floor-${loop}-${run++}`;
  const result = await variant.client.workflow.execute(loop === 'sdk' ? 'handWrittenLoop' : 'BenchLoop', {
    taskQueue: loop === 'sdk' ? HAND_WRITTEN_BENCH_QUEUE : BATON_BENCH_QUEUE,
    workflowId,
    args: loop === 'sdk' ? [items, 1] : [{ items, concurrency: 1 }],
  });
  const wall = performance.now() - started;
  const finished = loop === 'sdk' ? (result as number[]).length : (result as LoopResult).succeeded;
  if (finished !== ITEMS) throw new Error(`the ${loop} loop finished ${finished} of ${ITEMS} items`);
  // The metrics reporter may lag the last RPCs by a moment.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const metrics = difference(await scrapeBoth(), before);
  const events = (await variant.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return { perItemMs: (wall - ITEMS * workMs) / ITEMS, metrics, links: loopItemGaps(events), activityRuns: activityRunTimes(events) };
}

/** Per item: the time (ms) and count of each latency metric, the largest first. */
function budget(samples: Sample[]): string {
  const per = new Map<string, number[]>();
  for (const sample of samples) {
    for (const [key, value] of sample) {
      if (!key.includes('_sum{') && !key.includes('_count{')) continue;
      per.set(key, [...(per.get(key) ?? []), value]);
    }
  }
  const rows = [...per.keys()]
    // Long polls wait for work by design, and every RPC is counted at both ends: keep one end, no waits.
    .filter((key) => key.includes('_sum{') && /latency|duration/.test(key) && !/nouserlatency|poll|schedule_to_close|end_to_end/i.test(key))
    .map((key) => {
      const sum = median(per.get(key)!) / ITEMS;
      const count = median(per.get(key.replace('_sum{', '_count{')) ?? [0]) / ITEMS;
      // The server's Prometheus histograms are in seconds, the worker core's (`temporal_…`) in milliseconds.
      return { key: key.replace('_sum{', '{'), ms: key.startsWith('temporal_') ? sum : sum * 1000, count };
    })
    .filter((row) => row.ms >= 0.05)
    .sort((a, b) => b.ms - a.ms);
  return rows.map((row) => `  ${row.ms.toFixed(2).padStart(7)} ms  ${row.count.toFixed(2).padStart(6)}×  ${row.key}`).join('\n');
}

async function main(): Promise<void> {
  const definitions: [string, string[]][] = [
    ['embedded', []],
    ...process.argv.slice(2).map((argument): [string, string[]] => {
      const [name, flags = ''] = argument.split(/=(.*)/s);
      return [name, flags.split(/\s+/).filter((flag) => flag !== '')];
    }),
  ];
  const variants: Variant[] = [];
  // Interrupted, this process takes its servers and workers down with it.
  process.once('SIGTERM', () => {
    for (const variant of variants) for (const child of [...variant.workers, variant.server]) child.kill('SIGTERM');
    process.exit(1);
  });
  const overhead = new Map<string, number[]>();
  const metrics = new Map<string, Sample[]>();
  const links = new Map<string, Gap[][]>();
  const activityRuns = new Map<string, number[]>();
  const loads: number[] = [];
  try {
    for (const [name, flags] of definitions) variants.push(await startServer(name, flags));
    for (const variant of variants) for (const loop of LOOPS) await runLoop(variant, loop, 0);
    for (let round = 0; round < ROUNDS; round++) {
      for (const workMs of WORK_MS) {
        for (const variant of variants) {
          for (const loop of LOOPS) {
            loads.push(loadavg()[0]);
            const measured = await runLoop(variant, loop, workMs);
            const key = `${variant.name} ${loop} ${ITEMS}×${workMs}ms`;
            const perItemMs = measured.perItemMs;
            overhead.set(key, [...(overhead.get(key) ?? []), perItemMs]);
            metrics.set(key, [...(metrics.get(key) ?? []), measured.metrics]);
            links.set(key, [...(links.get(key) ?? []), ...measured.links]);
            activityRuns.set(key, [...(activityRuns.get(key) ?? []), ...measured.activityRuns]);
            console.log(`${key}: ${perItemMs.toFixed(1)} ms/item (load ${loadavg()[0].toFixed(1)})`);
          }
        }
      }
    }
  } finally {
    for (const variant of variants) {
      for (const worker of variant.workers) worker.kill('SIGTERM');
      await variant.connection.close();
      variant.server.kill('SIGTERM');
    }
  }
  console.log(`\nLoad average during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
  console.log('\nPer-item overhead at window 1, median of rounds [all rounds], ms:');
  for (const [key, values] of overhead) {
    console.log(`  ${key.padEnd(40)} ${median(values).toFixed(1).padStart(6)}  [${values.map((value) => value.toFixed(1)).join(', ')}]`);
  }
  const baseline = (loop: Loop, workMs: number) => overhead.get(`embedded ${loop} ${ITEMS}×${workMs}ms`)!;
  console.log('\nRatio to embedded, median of per-round ratios:');
  for (const variant of variants.slice(1)) {
    for (const loop of LOOPS) {
      for (const workMs of WORK_MS) {
        const values = overhead.get(`${variant.name} ${loop} ${ITEMS}×${workMs}ms`)!;
        const ratios = values.map((value, round) => value / baseline(loop, workMs)[round]);
        const all = ratios.map((ratio) => ratio.toFixed(2)).join(', ');
        console.log(`  ${variant.name} ${loop} ${ITEMS}×${workMs}ms: ${median(ratios).toFixed(3)} [${all}]`);
      }
    }
  }
  console.log('\nHops per item by the history (median ms): ');
  for (const [key, itemLinks] of links) {
    const hops = summariseGaps(itemLinks).map((row) => `${row.stage} ${row.median.toFixed(1)}`);
    console.log(`  ${key}: ${hops.join(' · ')} · activity started → completed ${median(activityRuns.get(key)!).toFixed(1)}`);
  }
  for (const [key, samples] of metrics) console.log(`\nServer metrics per item, ${key} (median of runs):\n${budget(samples)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

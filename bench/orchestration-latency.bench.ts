/**
 * Where orchestration time goes, read from Temporal histories, with eager activity dispatch off and on, interleaved
 * in one run against one embedded server (which enables eager dispatch; "off" is a worker reserving no slots for it):
 * - a Baton loop at window 1 (100 × 20 ms): per item, activity completed → workflow task → next activity started,
 *   and the per-item overhead by the clock ((wall time − work) / items);
 * - a PackageBuilder build of examples/package-builder/monorepo at window 4: per package, from the build activity
 *   whose completion let it start (a dependency, or a freed slot) to its own build activity's start, hop by hop
 *   (`npm run bench:package-links` follows each link on to the scripts' own start and end).
 * Prints the median and p95 of each hop and writes bench/results/latency.md. Run: `npm run bench:latency`.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonClient, OrchestrationModule, installTemporalRuntime, type LoopResult } from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import { PackageBuilderModule, PackageBuilderWorkflow, type BuildReport } from '@baton/package-builder';
import { BATON_BENCH_QUEUE, HAND_WRITTEN_BENCH_QUEUE, LAZY_BENCH_QUEUE } from './support/bench-loop.workflow';
import { startBenchWorker } from './support/bench-worker.process';
import { activityRunTimes, loopItemGaps, summariseGaps, type Gap } from './support/history-latency';
import { formats, informative, judged, writeBenchReport } from './support/bench-report';
import { median, percentile } from './support/statistics';
import type { Chart } from './support/svg-chart';

const ROUNDS = 3;
const LOOP_ITEMS = 100;
const LOOP_WORK_MS = 20;
const BUILD_CONCURRENCY = 4;
const MODES = ['off', 'on'] as const;
type Mode = (typeof MODES)[number];
/** The loop also runs as written by hand with the Temporal SDK (its default eager reservations): the floor to match. */
const LOOP_MODES = [...MODES, 'sdk'] as const;
type LoopMode = (typeof LOOP_MODES)[number];
const LOOP_QUEUES: Record<LoopMode, string> = { off: LAZY_BENCH_QUEUE, on: BATON_BENCH_QUEUE, sdk: HAND_WRITTEN_BENCH_QUEUE };

async function main(): Promise<void> {
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const infrastructure = await startInfrastructure();
  const { address, namespace } = infrastructure.temporal;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const workers: ChildProcess[] = [];
  const loopLinks: Record<LoopMode, Gap[][]> = { off: [], on: [], sdk: [] };
  const loopOverhead: Record<LoopMode, number[]> = { off: [], on: [], sdk: [] };
  const activityRuns: Record<LoopMode, number[]> = { off: [], on: [], sdk: [] };
  const buildLinks: Record<Mode, Gap[][]> = { off: [], on: [] };
  const buildTimes: Record<Mode, number[]> = { off: [], on: [] };
  try {
    const env = { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace };
    workers.push(
      await startBenchWorker('baton-lazy', env),
      await startBenchWorker('baton', env),
      await startBenchWorker('hand-written', env),
    );
    let run = 0;
    const runLoop = async (mode: LoopMode, count: number) => {
      const workflowId = `latency-loop-${mode}-${Date.now()}-${run++}`;
      const items = Array.from({ length: count }, (_, id) => ({ id, workMs: LOOP_WORK_MS }));
      const started = performance.now();
      const result = await client.workflow.execute(mode === 'sdk' ? 'handWrittenLoop' : 'BenchLoop', {
        taskQueue: LOOP_QUEUES[mode],
        workflowId,
        args: mode === 'sdk' ? [items, 1] : [{ items, concurrency: 1 }],
      });
      const finished = mode === 'sdk' ? (result as number[]).length : (result as LoopResult).succeeded;
      if (finished !== count) throw new Error(`the loop finished ${finished} of ${count} items`);
      return { workflowId, ms: performance.now() - started };
    };
    for (const mode of LOOP_MODES) await runLoop(mode, 10);
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of LOOP_MODES) {
        const { workflowId, ms } = await runLoop(mode, LOOP_ITEMS);
        loopOverhead[mode].push((ms - LOOP_ITEMS * LOOP_WORK_MS) / LOOP_ITEMS);
        const events = await history(client, workflowId);
        loopLinks[mode].push(...loopItemGaps(events));
        activityRuns[mode].push(...activityRunTimes(events));
      }
    }

    const workspace = prepareWorkspace();
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of MODES) {
        const { ms, links } = await timeBuild(infrastructure.temporal, workspace, mode, client);
        buildTimes[mode].push(ms);
        buildLinks[mode].push(...links);
      }
    }
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await connection.close();
    await infrastructure.stop();
  }

  const runs = LOOP_MODES.map((mode) => `${mode} ${fixed(percentile(activityRuns[mode], 0.5))} ms`).join(', ');
  const linkTotals = (mode: Mode) => buildLinks[mode].map((link) => link.reduce((sum, gap) => sum + gap.ms, 0));
  writeBenchReport({
    name: 'latency',
    title: 'Orchestration latency, from Temporal histories',
    setting:
      `against an embedded Temporal dev server with \`system.enableActivityEagerExecution=true\`. Eager dispatch "off" is a worker ` +
      `with \`maxEagerActivityReservationsPerWorkflowTask: 0\` (Baton's default), "on" one with 10 (what build-workspace asks ` +
      `for). ${ROUNDS} rounds, modes interleaved; times in ms; compare modes, not absolute times`,
    rows: [
      judged(
        `Per-item overhead at window 1 ((wall time − work) / items), ${LOOP_ITEMS} × ${LOOP_WORK_MS} ms, eager on`,
        median(loopOverhead.on),
        { atMost: 10 },
        formats.ms,
        `median of rounds; off ${fixed(median(loopOverhead.off))} ms, hand-written SDK loop ${fixed(median(loopOverhead.sdk))} ms`,
      ),
      judged(
        `PackageBuilder, releasing build activity completed → dependent's build activity started, median, window ${BUILD_CONCURRENCY}, ` +
          'eager on',
        percentile(linkTotals('on'), 0.5),
        { atMost: 30 },
        formats.ms,
        `${linkTotals('on').length} links; p95 ${fixed(percentile(linkTotals('on'), 0.95))} ms; eager off: median ` +
          `${fixed(percentile(linkTotals('off'), 0.5))} ms`,
      ),
      informative(
        'PackageBuilder build wall time, eager on / off',
        `${formats.seconds(median(buildTimes.on))} / ${formats.seconds(median(buildTimes.off))}`,
        `median of rounds, ratio ${fixed(median(buildTimes.on) / median(buildTimes.off), 3)}`,
      ),
    ],
    charts: [overheadHistogram({ on: linkTotals('on'), off: linkTotals('off') })],
    notes:
      `## Loop at window 1: ${LOOP_ITEMS} × ${LOOP_WORK_MS} ms, previous item's activity completed → next item's activity started\n\n` +
      `Each item's activity, started → completed (${LOOP_WORK_MS} ms of work and the worker's activity host), median: ${runs}.\n\n` +
      comparison(loopLinks) +
      `\n## PackageBuilder, examples/package-builder/monorepo at window ${BUILD_CONCURRENCY}: releasing build activity ` +
      `completed → package's build activity started\n\n` +
      comparison(buildLinks),
  });
}

/** Per-package orchestration overhead (link totals) in buckets of 100 ms, one bar series per mode. */
function overheadHistogram(totals: Record<Mode, number[]>): Chart {
  const bucketMs = 100;
  const buckets = Math.max(1, ...MODES.map((mode) => Math.ceil(Math.max(0, ...totals[mode]) / bucketMs)));
  const groups = Array.from({ length: buckets }, (_, index) => String((index + 1) * bucketMs));
  return {
    kind: 'bars',
    id: 'package-overhead',
    title: 'Per-package overhead: dependency build activity completed → build activity started',
    yLabel: 'packages',
    xLabel: `ms, in buckets of ${bucketMs} (each labelled by its upper end)`,
    groups,
    series: MODES.map((mode) => ({
      name: `eager ${mode}`,
      values: groups.map((_, index) => totals[mode].filter((ms) => Math.floor(ms / bucketMs) === index).length),
    })),
  };
}

/** One PackageBuilder build in a worker of its own (eager dispatch off or on), and the hops of its package links. */
async function timeBuild(
  temporal: Parameters<typeof OrchestrationModule.forRoot>[0]['temporal'],
  workspace: string,
  mode: Mode,
  client: Client,
): Promise<{ ms: number; links: Gap[][] }> {
  @Module({
    imports: [
      OrchestrationModule.forRoot({
        temporal,
        worker: {
          bundleCacheDir: join(process.cwd(), '.baton', 'bundles'),
          maxEagerActivityReservationsPerWorkflowTask: mode === 'off' ? 0 : 10,
        },
      }),
      PackageBuilderModule.withWorkspaceRoots([tmpdir()]),
    ],
  })
  class LatencyBenchModule {}
  const app = await NestFactory.createApplicationContext(LatencyBenchModule, { logger: ['error', 'warn'] });
  try {
    const started = performance.now();
    const handle = await app.get(BatonClient).start<BuildReport>(PackageBuilderWorkflow, { workspace, concurrency: BUILD_CONCURRENCY });
    const report = await handle.result();
    const ms = performance.now() - started;
    if (report.totals.failed + report.totals.blocked > 0) throw new Error('the build failed');
    return { ms, links: loopItemGaps(await history(client, handle.workflowId), 'PackageBuilderWorkflow.build') };
  } finally {
    await app.close();
  }
}

async function history(client: Client, workflowId: string) {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

function prepareWorkspace(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'baton-latency-')), 'package-builder');
  cpSync(join(__dirname, '..', '..', 'examples', 'package-builder'), root, { recursive: true });
  return join(root, 'monorepo');
}

/** One row per hop, a median and p95 column pair per mode (stages named as the first mode's summary names them). */
function comparison(links: Partial<Record<LoopMode, Gap[][]>>): string {
  const modes = Object.keys(links) as LoopMode[];
  const summaries = modes.map((mode) => new Map(summariseGaps(links[mode]!).map((row) => [row.stage, row])));
  const cells = (stage: string) => summaries.map((summary) => `${fixed(summary.get(stage)?.median)} | ${fixed(summary.get(stage)?.p95)}`);
  const rows = [...summaries[0].keys()].map((stage) => `| ${stage} | ${cells(stage).join(' | ')} |`);
  return (
    `Links: ${modes.map((mode) => `${mode} ${links[mode]!.length}`).join(', ')}.\n\n` +
    `| Hop | ${modes.map((mode) => `${mode} median | ${mode} p95`).join(' | ')} |\n` +
    `| --- |${' --- | --- |'.repeat(modes.length)}\n${rows.join('\n')}\n`
  );
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

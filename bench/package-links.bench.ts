/**
 * Where the time goes between a dependency's script exit and its dependent's script start, in a PackageBuilder build
 * of the 22-package fixture (examples/package-builder/monorepo) at window 4, set up as `build-workspace` runs it
 * (persistence on, eager activity dispatch with 10 reservations, one worker on its own task queue).
 *
 * For each link (a package whose dependencies all ran, started without waiting for a slot: the dependency whose
 * script ended last released it), from the scripts' own times as the worker measured them around their processes,
 * the Temporal history's event times (same machine, same clock) and the fixture scripts' own `Date.now()` records:
 *   dependency's script exited → its activity completed → workflow task scheduled → started → completed →
 *   dependent's activity scheduled → started → its script's process spawned.
 * The first and the last hop are split further by the worker's own points in time (`BUILD_TIMELINE_CHANNEL`): what it
 * does between the script's exit and the activity's end, and between the activity's start and the spawn.
 * Prints the median and p95 per link and per hop, with the target (≤ 30 ms median from exit to spawn) and PASS or MISS,
 * and writes bench/results/package-links.md. Run: `npm run bench:package-links`.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonClient, OrchestrationModule, installTemporalRuntime, orchestrationOptionsFor } from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import {
  BUILD_MARKS,
  BUILD_TIMELINE_CHANNEL,
  PackageBuilderModule,
  PackageBuilderWorkflow,
  type BuildMark,
  type BuildReport,
  type BuildTimelineEvent,
  type PackagePlan,
} from '@baton/package-builder';
import { formats, informative, judged, writeBenchReport } from './support/bench-report';
import { percentile } from './support/statistics';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const ROUNDS = 3;
const CONCURRENCY = 4;
const TARGET_MS = 30;
const BUILD_ACTIVITY = 'PackageBuilderWorkflow.build';

/** The hops of a link, in order; together they make up the link (exit → spawn). */
const HOPS = [
  "dependency's script exited → its activity completed",
  'activity completed → workflow task scheduled',
  'workflow task scheduled → started',
  'workflow task started → completed',
  'workflow task completed → dependent activity scheduled',
  'activity scheduled → started (eager dispatch or poll)',
  'activity started → script process spawned',
] as const;
/**
 * The worker's points in time within the first hop (the dependency's) and the last (the dependent's), each from the
 * hop's start: the dependency's last `script exited`, and its dependent's activity started (history); `completed` is
 * the dependency's activity completed (history). Some overlap (see `BUILD_MARKS`), so they are not added up.
 */
const AFTER_EXIT: ReadonlyArray<BuildMark | 'completed'> = [...BUILD_MARKS.slice(BUILD_MARKS.indexOf('script exited') + 1), 'completed'];
const BEFORE_SPAWN: readonly BuildMark[] = BUILD_MARKS.slice(0, BUILD_MARKS.indexOf('spawned') + 1);
const WORKER_POINTS = [...AFTER_EXIT.map((mark) => `script exited → ${mark}`), ...BEFORE_SPAWN.map((mark) => `activity started → ${mark}`)];

/** Around the link, by the fixture scripts' own clocks: not Baton's time, shown so that nothing is hidden. */
const AROUND = [
  "dependency's last line → its process exit seen by the worker",
  "script process spawned → the script's first line (Node start-up)",
  "script's own end → dependent's own start (fixture records)",
] as const;

interface FixtureEvent {
  package: string;
  event: 'start' | 'end';
  time: number;
}

interface Link {
  hops: number[];
  /** `WORKER_POINTS`, in order. */
  worker: number[];
  around: number[];
  /** Scheduled by the first workflow task after its dependency's activity completed. */
  sameTask: boolean;
  /** Its activity started within 1 ms of being scheduled: handed back with the workflow task's completion. */
  eager: boolean;
}

const eventMs = (event: HistoryEvent): number => Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1_000_000;

async function main(): Promise<void> {
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const infrastructure = await startInfrastructure();
  @Module({
    imports: [
      OrchestrationModule.forRoot(
        orchestrationOptionsFor(infrastructure, {
          defaultTaskQueue: `package-links-${randomUUID()}`,
          worker: { maxEagerActivityReservationsPerWorkflowTask: 10 },
        }),
      ),
      PackageBuilderModule.withWorkspaceRoots([tmpdir()]),
    ],
  })
  class PackageLinksBenchModule {}
  const app = await NestFactory.createApplicationContext(PackageLinksBenchModule, { logger: ['error', 'warn'] });
  const links: Link[] = [];
  const buildMs: number[] = [];
  const events: number[] = [];
  const timeline: BuildTimelineEvent[] = [];
  const record = (event: unknown): void => void timeline.push(event as BuildTimelineEvent);
  subscribe(BUILD_TIMELINE_CHANNEL, record);
  try {
    const client = app.get(BatonClient);
    const temporalClient = await client.temporal();
    for (let round = 0; round < ROUNDS; round++) {
      const workspace = prepareWorkspace();
      const log = join(workspace, '..', 'fixture.log');
      process.env.BATON_FIXTURE_LOG = log;
      process.env.BATON_SCRIPT_ENV = 'BATON_FIXTURE_LOG';
      const started = performance.now();
      const handle = await client.start<BuildReport>(PackageBuilderWorkflow, { workspace, concurrency: CONCURRENCY });
      const report = await handle.result();
      buildMs.push(performance.now() - started);
      if (report.totals.failed + report.totals.blocked > 0) throw new Error('the build failed');
      const history = (await temporalClient.workflow.getHandle(handle.workflowId).fetchHistory()).events ?? [];
      events.push(history.length);
      links.push(...buildLinks(report, history, readLog(log), timeline));
    }
  } finally {
    unsubscribe(BUILD_TIMELINE_CHANNEL, record);
    await app.close();
    await infrastructure.stop();
  }

  const totals = links.map((link) => link.hops.reduce((sum, ms) => sum + ms, 0));
  const spread = (values: number[]) => `median ${formats.ms(percentile(values, 0.5))}, p95 ${formats.ms(percentile(values, 0.95))}`;
  const everyLink = (measure: string, holds: (link: Link) => boolean, detail: string) =>
    judged(measure, links.filter(holds).length, { atLeast: links.length }, (count) => `${count} of ${links.length}`, detail);
  writeBenchReport({
    name: 'package-links',
    title: 'PackageBuilder: dependency exit → dependent start',
    setting: `the 22-package fixture at window ${CONCURRENCY}, eager dispatch on, persistence on, ${ROUNDS} rounds`,
    rows: [
      judged(
        'Dependency script exit → dependent script spawn, median',
        percentile(totals, 0.5),
        { atMost: TARGET_MS },
        formats.ms,
        `${links.length} links; p95 ${formats.ms(percentile(totals, 0.95))}`,
      ),
      ...HOPS.map((hop, index) => informative(`· ${hop}`, spread(links.map((link) => link.hops[index])), 'hop')),
      ...WORKER_POINTS.map((point, index) =>
        informative(
          `·· ${point}`,
          spread(links.map((link) => link.worker[index])),
          index < AFTER_EXIT.length ? 'within the first hop' : 'within the last hop',
        ),
      ),
      ...AROUND.map((what, index) => informative(what, spread(links.map((link) => link.around[index])), 'script side, not counted above')),
      everyLink(
        'Dependents scheduled by the workflow task that saw the dependency complete',
        (link) => link.sameTask,
        'no extra workflow task between a completion and the dependents it releases',
      ),
      everyLink('Dependents dispatched eagerly', (link) => link.eager, 'activity started < 1 ms after it was scheduled: no task-queue hop'),
      informative(
        'Build wall time',
        `median ${formats.seconds(percentile(buildMs, 0.5))}`,
        `workflow start to result, ${ROUNDS} rounds; ${percentile(events, 0.5)} history events per build`,
      ),
    ],
  });
}

/** One link per package that started at once when its last dependency's script ended. */
function buildLinks(
  report: BuildReport,
  history: readonly HistoryEvent[],
  fixture: readonly FixtureEvent[],
  timeline: readonly BuildTimelineEvent[],
): Link[] {
  const byId = new Map(history.map((event) => [Number(event.eventId), event]));
  const scheduledByPackage = new Map<string, HistoryEvent>();
  const dirs = new Map<string, string>();
  const closingOf = new Map<number, HistoryEvent>();
  const startOf = new Map<number, HistoryEvent>();
  const dependencies = new Map<string, string[]>();
  for (const event of history) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === BUILD_ACTIVITY) {
      const plan = JSON.parse(Buffer.from(scheduled.input!.payloads![0].data!).toString('utf8')) as PackagePlan;
      scheduledByPackage.set(plan.name, event);
      dependencies.set(plan.name, plan.dependencies);
      dirs.set(plan.name, plan.dir);
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed != null) closingOf.set(Number(completed.scheduledEventId), event);
    const activityStarted = event.activityTaskStartedEventAttributes;
    if (activityStarted != null) startOf.set(Number(activityStarted.scheduledEventId), event);
  }
  const packages = new Map(report.packages.map((pkg) => [pkg.name, pkg]));
  const own = (name: string, kind: FixtureEvent['event']) => fixture.find((event) => event.package === name && event.event === kind)?.time;
  return [...scheduledByPackage].flatMap(([name, scheduled]) => {
    const pkg = packages.get(name)!;
    const ran = (dependencies.get(name) ?? []).filter((dependency) => scheduledByPackage.has(dependency));
    if (ran.length === 0 || pkg.queuedMs !== 0) return [];
    const releasing = ran.reduce((last, dependency) =>
      Date.parse(packages.get(dependency)!.scriptsFinishedAt!) > Date.parse(packages.get(last)!.scriptsFinishedAt!) ? dependency : last,
    );
    const exited = Date.parse(packages.get(releasing)!.scriptsFinishedAt!);
    const completed = eventMs(closingOf.get(Number(scheduledByPackage.get(releasing)!.eventId))!);
    const taskCompleted = byId.get(Number(scheduled.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId))!;
    const taskStarted = byId.get(Number(taskCompleted.workflowTaskCompletedEventAttributes!.startedEventId))!;
    const taskScheduled = byId.get(Number(taskCompleted.workflowTaskCompletedEventAttributes!.scheduledEventId))!;
    const activityStarted = eventMs(startOf.get(Number(scheduled.eventId))!);
    const completedId = Number(closingOf.get(Number(scheduledByPackage.get(releasing)!.eventId))!.eventId);
    const firstTaskAfter = history.find(
      (event) => event.workflowTaskCompletedEventAttributes != null && Number(event.eventId) > completedId,
    );
    const spawned = Date.parse(pkg.scriptsStartedAt!);
    const marksOf = (name: string, mark: BuildMark) =>
      timeline.filter((event) => event.packageDir === dirs.get(name) && event.mark === mark).map((event) => event.at);
    const workerExited = marksOf(releasing, 'script exited').at(-1) ?? NaN;
    const afterExit = AFTER_EXIT.map(
      (mark) => (mark === 'completed' ? completed : (marksOf(releasing, mark).at(-1) ?? NaN)) - workerExited,
    );
    const beforeSpawn = BEFORE_SPAWN.map((mark) => (marksOf(name, mark)[0] ?? NaN) - activityStarted);
    // A workflow task already scheduled when the completion arrived takes it along: that wait counts as zero.
    const taskScheduledAt = Math.max(eventMs(taskScheduled), completed);
    return [
      {
        hops: [
          completed - exited,
          taskScheduledAt - completed,
          eventMs(taskStarted) - taskScheduledAt,
          eventMs(taskCompleted) - eventMs(taskStarted),
          eventMs(scheduled) - eventMs(taskCompleted),
          activityStarted - eventMs(scheduled),
          spawned - activityStarted,
        ],
        worker: [...afterExit, ...beforeSpawn],
        around: [exited - own(releasing, 'end')!, own(name, 'start')! - spawned, own(name, 'start')! - own(releasing, 'end')!],
        sameTask: firstTaskAfter === taskCompleted,
        eager: activityStarted - eventMs(scheduled) < 1,
      },
    ];
  });
}

function prepareWorkspace(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'baton-links-')), 'package-builder');
  cpSync(join(__dirname, '..', '..', 'examples', 'package-builder'), root, { recursive: true });
  return join(root, 'monorepo');
}

function readLog(log: string): FixtureEvent[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FixtureEvent);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

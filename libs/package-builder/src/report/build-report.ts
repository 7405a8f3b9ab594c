import { buildDependencyGraph, criticalPath, lowerBound } from '@baton/orchestration/graph';
import { ITEM_STATUSES, type ItemResult, type LoopResult } from '@baton/orchestration/protocol';
import { packageLogPath } from '../logs/package-log.paths';
import type { PackageBuildOutcome, PackagePlan } from '../workflows/build-input';
import type { BuildReport, PackageReport } from './build-report.types';

/** The build report of one run: per-package outcomes, and how the schedule compares with the best possible. */
export function buildReport(plan: readonly PackagePlan[], loop: LoopResult<PackageBuildOutcome>): BuildReport {
  const items = new Map(loop.items.map((item) => [item.key, item]));
  const packages = plan.map((pkg) => packageReport(pkg, items.get(pkg.name)));
  const { graph } = buildDependencyGraph(
    plan.map((pkg) => pkg.name),
    (_name, index) => plan[index].dependencies,
  );
  const work = Float64Array.from(packages, (pkg) => pkg.durationMs);
  const bound = lowerBound(graph, work, loop.concurrency);
  const path = criticalPath(graph, work);
  const started = loop.items.filter((item) => item.readyAt !== undefined);
  const begin = Math.min(...started.map((item) => Date.parse(item.readyAt!)));
  const end = Math.max(...started.map((item) => Date.parse(item.finishedAt!)));
  const makespanMs = started.length === 0 ? 0 : end - begin;
  return {
    workspace: plan[0]?.workspaceRoot ?? '',
    concurrency: loop.concurrency,
    ...(started.length === 0 ? {} : { startedAt: new Date(begin).toISOString(), finishedAt: new Date(end).toISOString() }),
    totals: {
      packages: packages.length,
      ...Object.fromEntries(ITEM_STATUSES.map((status) => [status, packages.filter((pkg) => pkg.status === status).length])),
    } as BuildReport['totals'],
    makespanMs,
    lowerBoundMs: bound.bound,
    makespanRatio: bound.bound === 0 ? 1 : makespanMs / bound.bound,
    criticalPath: { packages: path.keys, durationMs: path.length },
    totalWorkMs: bound.totalWork,
    utilisation: utilisation(started, loop.concurrency, begin, end),
    packages,
  };
}

function packageReport(pkg: PackagePlan, item: ItemResult<PackageBuildOutcome> | undefined): PackageReport {
  if (item === undefined) {
    return { name: pkg.name, status: 'skipped', error: 'not run', durationMs: 0, queuedMs: 0, attempts: 0 };
  }
  return {
    name: pkg.name,
    status: item.status,
    ...(item.blockedBy === undefined ? {} : { blockedBy: item.blockedBy }),
    ...(item.error === undefined ? {} : { error: item.error }),
    ...(item.startedAt === undefined ? {} : { startedAt: item.startedAt, finishedAt: item.finishedAt }),
    durationMs: item.durationMs,
    queuedMs: item.queuedMs ?? 0,
    attempts: item.attempts,
    ...(item.result?.cache === undefined ? {} : { cache: item.result.cache }),
    ...logPathOf(pkg, item),
  };
}

/** A failed package has no outcome: its log's path follows from the run and the package, as the worker's did. */
function logPathOf(pkg: PackagePlan, item: ItemResult<PackageBuildOutcome>): { logPath?: string } {
  if (item.result?.logPath !== undefined) return { logPath: item.result.logPath };
  return item.status !== 'failed' || pkg.workflowId === undefined
    ? {}
    : { logPath: packageLogPath(pkg.workspaceRoot, pkg.workflowId, pkg.name) };
}

/**
 * Sweeps the run's timeline: at every moment, `available` packages are ready or running and `running` are running;
 * the window was used fully while running = min(concurrency, available).
 */
function utilisation(items: readonly ItemResult[], concurrency: number, begin: number, end: number): number {
  if (end <= begin) {
    return 1;
  }
  const events: Array<[time: number, available: number, running: number]> = [];
  for (const item of items) {
    const ready = Date.parse(item.readyAt!);
    const finished = Date.parse(item.finishedAt!);
    events.push([ready, 1, 0], [finished, -1, 0]);
    if (item.startedAt !== undefined) {
      events.push([Date.parse(item.startedAt), 0, 1], [finished, 0, -1]);
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  let available = 0;
  let running = 0;
  let full = 0;
  let previous = begin;
  for (const [time, availableDelta, runningDelta] of events) {
    if (time > previous && running === Math.min(concurrency, available)) {
      full += time - previous;
    }
    previous = Math.max(previous, time);
    available += availableDelta;
    running += runningDelta;
  }
  return full / (end - begin);
}

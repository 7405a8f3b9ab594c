import { buildDependencyGraph, criticalPath, lowerBound } from '@baton/orchestration/graph';
import { ITEM_STATUSES, type ItemResult, type LoopResult } from '@baton/orchestration/protocol';
import { packageLogPath } from '../logs/package-log.paths';
import type { PackageBuildOutcome, PackagePlan } from '../workflows/build-input';
import type { BuildReport, PackageReport } from './build-report.types';
import { cycleWarnings } from './cycle-warnings';
import { orchestrationOverhead } from './orchestration-overhead';
import { packageWork, type PackageWork } from './package-work';

/**
 * The build report of one run: per-package outcomes, and how the schedule compares with the best possible. The
 * bound and the critical path come from the scripts' own run times, so Baton's overhead never pads them; the
 * overhead is reported on its own.
 */
export function buildReport(plan: readonly PackagePlan[], loop: LoopResult<PackageBuildOutcome>): BuildReport {
  if (loop.itemsOmitted === true) return countsOnly(plan, loop);
  const items = new Map(loop.items.map((item) => [item.key, item]));
  const work = new Map(plan.flatMap((pkg) => withWork(pkg.name, packageWork(items.get(pkg.name)))));
  const packages = plan.map((pkg) => packageReport(pkg, items.get(pkg.name), work.get(pkg.name)));
  const { graph } = buildDependencyGraph(
    plan.map((pkg) => pkg.name),
    (_name, index) => plan[index].dependencies,
  );
  const weights = Float64Array.from(plan, (pkg) => work.get(pkg.name)?.workMs ?? 0);
  const bound = lowerBound(graph, weights, loop.concurrency);
  const path = criticalPath(graph, weights);
  // Zero-weight packages can lie on the heaviest chain; those that never ran are not part of it.
  const pathPackages = path.keys.filter((name) => work.has(name));
  const started = loop.items.filter((item) => item.readyAt !== undefined);
  const begin = Math.min(...started.map((item) => Date.parse(item.readyAt!)));
  const end = Math.max(...started.map((item) => Date.parse(item.finishedAt!)));
  const makespanMs = started.length === 0 ? 0 : end - begin;
  const queuedMs = new Map(packages.map((pkg) => [pkg.name, pkg.queuedMs]));
  const warnings = cycleWarnings(plan);
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
    criticalPath: { packages: pathPackages, durationMs: path.length },
    totalWorkMs: bound.totalWork,
    overhead: orchestrationOverhead(plan, work, queuedMs, pathPackages),
    utilisation: utilisation(started, loop.concurrency, begin, end),
    ...(warnings.length === 0 ? {} : { warnings }),
    packages,
  };
}

/** A loop that spanned several runs hands over its counts only: report them, and nothing that would need the items. */
function countsOnly(plan: readonly PackagePlan[], loop: LoopResult<PackageBuildOutcome>): BuildReport {
  return {
    ...buildReport([], { ...loop, items: [], itemsOmitted: undefined }),
    workspace: plan[0]?.workspaceRoot ?? '',
    totals: { packages: loop.total, succeeded: loop.succeeded, failed: loop.failed, blocked: loop.blocked, skipped: loop.skipped },
    packagesOmitted: true,
    ...(plan.some((pkg) => pkg.cycle !== undefined) ? { warnings: cycleWarnings(plan) } : {}),
  };
}

function withWork(name: string, work: PackageWork | undefined): Array<[string, PackageWork]> {
  return work === undefined ? [] : [[name, work]];
}

function packageReport(pkg: PackagePlan, item: ItemResult<PackageBuildOutcome> | undefined, work: PackageWork | undefined): PackageReport {
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
    ...(work === undefined
      ? {}
      : {
          workMs: work.workMs,
          overheadMs: work.overheadMs,
          scriptsStartedAt: new Date(work.scriptsStartedAt).toISOString(),
          scriptsFinishedAt: new Date(work.scriptsEndedAt).toISOString(),
        }),
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

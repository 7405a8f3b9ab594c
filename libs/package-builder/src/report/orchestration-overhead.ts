import type { PackagePlan } from '../workflows/build-input';
import { distributionOf } from './distribution';
import type { OrchestrationOverhead } from './build-report.types';
import type { PackageWork } from './package-work';

/**
 * The time Baton added around the scripts, from the scripts' own clocks:
 * - per package: its activity's time minus its scripts' time (scheduling, dispatch, process start-up, completion);
 * - per link: from the end of the last of a package's dependencies' scripts to the start of its own first script,
 *   less the time it waited for a free slot (that wait is the window's limit, not overhead);
 * - on the critical path: how much later its last script ended than its first script's start plus its work, slot
 *   waits again left out.
 */
export function orchestrationOverhead(
  plan: readonly PackagePlan[],
  work: ReadonlyMap<string, PackageWork>,
  queuedMs: ReadonlyMap<string, number>,
  criticalPath: readonly string[],
): OrchestrationOverhead {
  const perPackage = [...work.values()].map((ran) => ran.overheadMs);
  const links = plan.flatMap((pkg) => {
    const own = work.get(pkg.name);
    const ends = pkg.dependencies.flatMap((dependency) => work.get(dependency)?.scriptsEndedAt ?? []);
    return own === undefined || ends.length === 0 ? [] : [own.scriptsStartedAt - Math.max(...ends) - (queuedMs.get(pkg.name) ?? 0)];
  });
  const path = criticalPath.map((name) => work.get(name)!);
  const waits = criticalPath.slice(1).reduce((sum, name) => sum + (queuedMs.get(name) ?? 0), 0);
  const pathMs =
    path.length === 0 ? 0 : path.at(-1)!.scriptsEndedAt - path[0].scriptsStartedAt - path.reduce((sum, ran) => sum + ran.workMs, 0) - waits;
  return {
    totalMs: perPackage.reduce((sum, ms) => sum + ms, 0),
    perPackage: distributionOf(perPackage),
    links: distributionOf(links),
    criticalPathMs: Math.max(0, pathMs),
  };
}

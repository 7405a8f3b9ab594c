import type { ItemResult } from '@baton/orchestration/protocol';
import type { PackageBuildOutcome } from '../workflows/build-input';

/**
 * What a package that ran did, by its scripts' own clocks: the work Baton cannot make faster, apart from the time
 * Baton took around it. A failed package returns no script times (its activity failed), nor does a cache hit (no
 * script ran: restoring its outputs is its work), so its activity's time stands in for its work: an over-estimate of
 * the work, never of the overhead.
 */
export interface PackageWork {
  workMs: number;
  /** Wall clock (ms since the epoch) of its first script's start and its last script's end. */
  scriptsStartedAt: number;
  scriptsEndedAt: number;
  /** The activity's time (as the workflow saw it) not spent in its scripts. */
  overheadMs: number;
}

/** The work of an item that ran (succeeded or failed); undefined for one that never ran (blocked, skipped). */
export function packageWork(item: ItemResult<PackageBuildOutcome> | undefined): PackageWork | undefined {
  if (item === undefined || (item.status !== 'succeeded' && item.status !== 'failed') || item.startedAt === undefined) return undefined;
  const scripts = item.result?.scripts ?? [];
  if (scripts.length === 0) {
    const startedAt = Date.parse(item.startedAt);
    return { workMs: item.durationMs, scriptsStartedAt: startedAt, scriptsEndedAt: startedAt + item.durationMs, overheadMs: 0 };
  }
  const workMs = scripts.reduce((sum, script) => sum + script.durationMs, 0);
  return {
    workMs,
    scriptsStartedAt: scripts[0].startedAt,
    scriptsEndedAt: scripts.at(-1)!.endedAt,
    overheadMs: Math.max(0, item.durationMs - workMs),
  };
}

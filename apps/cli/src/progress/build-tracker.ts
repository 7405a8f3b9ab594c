import type { GraphNodeStatus, ItemStatus } from '@baton/orchestration';
import type { BuildReport } from '@baton/package-builder';
import type { BuildEvent, PackageEndedEvent, PackageStartedEvent, ProgressEvent } from './build-events';
import { assignLanes } from './lane-assignment';
import { progressFigures, type ProgressFigures, type StatusCounts } from './progress-figures';
import { remainingWork, type RemainingWork } from './remaining-work';

/** One look at the running build: its `build` loop from `baton.progress`, its packages from `baton.graph`. */
export interface BuildSnapshot {
  /** When the answer arrived (ms since the epoch). */
  at: number;
  /** Absent while the workflow is still planning. */
  loop?: { concurrency: number; startedAt: number; paused: boolean };
  items: readonly { key: string; status: GraphNodeStatus; dependsOn?: readonly string[] }[];
}

export interface LaneState {
  package?: string;
  /** How long the package has been building. */
  elapsedMs?: number;
}

const ENDED: ReadonlySet<GraphNodeStatus> = new Set<ItemStatus>(['succeeded', 'failed', 'blocked', 'skipped']);
/** Ended statuses of packages that took a lane (blocked and skipped ones never start). */
const RAN: ReadonlySet<GraphNodeStatus> = new Set<ItemStatus>(['succeeded', 'failed']);

/**
 * Follows a build from successive snapshots: each package's status, the lane it builds in, and the events between
 * two snapshots. Pure: time comes from the snapshots, so a sequence of snapshots always gives the same events.
 */
export class BuildTracker {
  private readonly statuses = new Map<string, GraphNodeStatus>();
  private readonly runningSince = new Map<string, number>();
  private readonly dependsOn = new Map<string, readonly string[]>();
  /** Durations of the builds seen starting and ending. */
  private readonly buildMs: number[] = [];
  private lanes: (string | undefined)[] = [];
  private loop?: BuildSnapshot['loop'];
  private now: number;

  constructor(private readonly startedAt: number) {
    this.now = startedAt;
  }

  get planning(): boolean {
    return this.loop === undefined;
  }

  get paused(): boolean {
    return this.loop?.paused ?? false;
  }

  /** The events since the previous snapshot: ends first (they free lanes), then starts with their lane. */
  apply(snapshot: BuildSnapshot): BuildEvent[] {
    this.now = Math.max(this.now, snapshot.at);
    this.loop = snapshot.loop ?? this.loop;
    const at = new Date(this.now).toISOString();
    const ended: BuildEvent[] = [];
    const newlyRunning: string[] = [];
    const running: string[] = [];
    for (const { key, status, dependsOn } of snapshot.items) {
      if (dependsOn !== undefined) this.dependsOn.set(key, dependsOn);
      const previous = this.statuses.get(key) ?? 'pending';
      if (ENDED.has(previous)) continue;
      this.statuses.set(key, status);
      if (status === 'running') {
        running.push(key);
        if (previous === 'pending') {
          this.runningSince.set(key, this.now);
          newlyRunning.push(key);
        }
      } else if (ENDED.has(status)) {
        if (RAN.has(status) && previous === 'pending') {
          // Started and ended between two looks: no lane was seen for it.
          ended.push({ event: 'started', at, package: key });
        }
        ended.push(this.ended(key, status as ItemStatus, at));
      }
    }
    this.lanes = assignLanes(this.lanes, running, this.loop?.concurrency ?? 0);
    const started = newlyRunning.map((key): PackageStartedEvent => ({
      event: 'started',
      at,
      package: key,
      lane: this.lanes.indexOf(key) + 1,
    }));
    return [...ended, ...started];
  }

  /**
   * The events the last snapshots missed (packages that ended after the last look), from the final report and its
   * timestamps; afterwards every package has ended and every lane is idle.
   */
  settle(report: BuildReport, at: number): BuildEvent[] {
    this.now = Math.max(this.now, at);
    const events: BuildEvent[] = [];
    for (const pkg of report.packages) {
      const previous = this.statuses.get(pkg.name) ?? 'pending';
      if (ENDED.has(previous)) continue;
      const finishedAt = pkg.finishedAt ?? new Date(this.now).toISOString();
      if (RAN.has(pkg.status) && previous === 'pending') {
        events.push({ event: 'started', at: pkg.startedAt ?? finishedAt, package: pkg.name });
      }
      events.push(this.ended(pkg.name, pkg.status, finishedAt));
      this.statuses.set(pkg.name, pkg.status);
    }
    this.lanes = assignLanes(this.lanes, [], this.loop?.concurrency ?? report.concurrency);
    return events;
  }

  figures(): ProgressFigures {
    const counts: StatusCounts = { succeeded: 0, failed: 0, blocked: 0, skipped: 0, running: 0 };
    for (const status of this.statuses.values()) {
      if (status !== 'pending') counts[status]++;
    }
    return progressFigures({
      counts,
      total: this.statuses.size,
      concurrency: this.loop?.concurrency ?? 0,
      startedAt: this.startedAt,
      loopStartedAt: this.loop?.startedAt,
      now: this.now,
      ...(this.buildMs.length === 0 ? {} : { remaining: this.remaining() }),
    });
  }

  private remaining(): RemainingWork {
    const meanMs = this.buildMs.reduce((sum, ms) => sum + ms, 0) / this.buildMs.length;
    const packages = new Map(
      [...this.statuses].map(([key, status]) => {
        const since = this.runningSince.get(key);
        return [key, { status, dependsOn: this.dependsOn.get(key) ?? [], ...(since === undefined ? {} : { elapsedMs: this.now - since }) }];
      }),
    );
    return remainingWork(packages, meanMs);
  }

  laneStates(): LaneState[] {
    return this.lanes.map((key) => (key === undefined ? {} : { package: key, elapsedMs: this.now - this.runningSince.get(key)! }));
  }

  progressEvent(): ProgressEvent {
    return { event: 'progress', at: new Date(this.now).toISOString(), ...this.figures(), lanes: this.lanes.map((key) => key ?? null) };
  }

  private ended(key: string, status: ItemStatus, at: string): PackageEndedEvent {
    const since = this.runningSince.get(key);
    if (since !== undefined && RAN.has(status)) this.buildMs.push(Date.parse(at) - since);
    this.runningSince.delete(key);
    return { event: status, at, package: key };
  }
}

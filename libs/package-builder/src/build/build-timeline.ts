import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/**
 * The diagnostics channel on which a package's build publishes its points in time (`BuildMark`), for the
 * `package-links` bench: it splits the time from an activity's start to its script's spawn, and from the script's exit
 * to the activity's end, by what the worker does in between. Nothing is published while nobody subscribes.
 */
export const BUILD_TIMELINE_CHANNEL = 'baton:package-builder:build-timeline';

/**
 * The points of one package's build, roughly in order: the log's opening and the script's preparation overlap the
 * cache's work, and the log's closing overlaps the storing of the outputs. A cache hit has no script marks.
 */
export const BUILD_MARKS = [
  'activity entered',
  'package.json read',
  'own files hashed',
  'cache key computed',
  'cache checked',
  'log opened',
  'script prepared',
  'spawning',
  'spawned',
  'script exited',
  'script closed',
  'outputs stored',
  'cache saved',
  'activity returning',
] as const;

export type BuildMark = (typeof BUILD_MARKS)[number];

/** One message of the channel: `packageDir` as the plan gives it tells apart the same package in two workspaces. */
export interface BuildTimelineEvent {
  packageDir: string;
  mark: BuildMark;
  /** Epoch milliseconds with the fraction, comparable with the Temporal history's event times on the same machine. */
  at: number;
}

const timeline = channel(BUILD_TIMELINE_CHANNEL);

export function markBuild(packageDir: string, mark: BuildMark): void {
  if (timeline.hasSubscribers) {
    timeline.publish({ packageDir, mark, at: performance.timeOrigin + performance.now() } satisfies BuildTimelineEvent);
  }
}

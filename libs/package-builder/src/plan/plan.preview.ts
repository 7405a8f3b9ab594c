import {
  bottomLevels,
  buildDependencyGraph,
  criticalPath,
  lowerBound,
  cycleUnits,
  type DependencyGraph,
  type LowerBound,
} from '@baton/orchestration/graph';
import type { PlannedPackage } from './plan-graph';

/** One package in the preview, in start order. */
export interface PreviewedPackage {
  id: string;
  /** 1-based lane it would build in; null for a package with nothing to run, which ends at once without one. */
  lane: number | null;
  startMs: number;
  finishMs: number;
  /** Its recorded duration, or the assumed one when `recorded` is false. */
  durationMs: number;
  recorded: boolean;
}

/** What a run of the plan would do if every package took its recorded duration (`--dry-run`). */
export interface PlanPreview {
  concurrency: number;
  /** Every package, in the order the build loop would start it. */
  packages: PreviewedPackage[];
  /** When the last package would finish. */
  makespanMs: number;
  /** max(critical path, total work / concurrency) of these durations: no schedule finishes sooner. */
  lowerBound: LowerBound;
  /** Ids along the longest chain of durations. */
  criticalPath: string[];
  /** Packages that would run but have no recorded duration, in plan order. */
  unrecorded: string[];
  /** What each of them is assumed to take: the mean of the recorded durations of the others, 0 without any. */
  assumedDurationMs: number;
}

/**
 * Simulates the build loop on the plan: the same priority as the workflow (longest remaining chain of dependents,
 * weighted by the recorded durations the plan step passes as `estimatedDurationMs`, each at least 1, unknown ones 1;
 * ties by id), at most `concurrency` packages at once, a freed lane refilled at once, packages with nothing to run
 * ending at once without a lane. Every package takes its recorded duration (`durations` by id, as the build
 * history keeps them). Give it the plan, or the selection through `breakCycles`, to follow the package manager's rule
 * inside dependency cycles; cycles still in the packages (raw discovery output) are built as `breakCycles` builds them
 * under pnpm.
 */
export function previewPlan(
  packages: readonly PlannedPackage[],
  durations: Readonly<Record<string, number>>,
  concurrency: number,
): PlanPreview {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`Expected \`concurrency\` to be a whole number from 1 and up, got ${String(concurrency)}.`);
  }
  const graph = withoutCycles(
    buildDependencyGraph(
      packages.map((pkg) => pkg.name),
      (_id, index) => packages[index].dependencies,
    ).graph,
  );
  const runs = packages.map((pkg) => !pkg.skip);
  const recorded = packages.map((pkg) => recordedDuration(durations, pkg.name));
  const known = recorded.filter((duration, index) => runs[index] && duration !== undefined) as number[];
  const assumedDurationMs = known.length === 0 ? 0 : known.reduce((sum, duration) => sum + duration, 0) / known.length;
  const work = packages.map((_, index) => (runs[index] ? (recorded[index] ?? assumedDurationMs) : 0));
  const rank = priorityRanks(
    graph.keys,
    bottomLevels(
      graph,
      recorded.map((duration) => Math.max(duration ?? 1, 1)),
    ),
  );

  const waiting = packages.map((_, index) => graph.dependenciesOf(index).length);
  const ready = packages.flatMap((_, index) => (waiting[index] === 0 ? [index] : []));
  const lanes: (number | undefined)[] = Array.from({ length: concurrency }, () => undefined);
  const started: PreviewedPackage[] = [];
  const finishAt = new Float64Array(packages.length);
  let running: number[] = [];
  let now = 0;
  const finish = (index: number) => {
    for (const dependent of graph.dependentsOf(index)) if (--waiting[dependent] === 0) ready.push(dependent);
  };
  for (;;) {
    while (running.length < concurrency && ready.length > 0) {
      ready.sort((a, b) => rank[a] - rank[b]);
      const index = ready.shift() as number;
      const lane = runs[index] ? lanes.indexOf(undefined) : -1;
      finishAt[index] = now + work[index];
      started.push({
        id: packages[index].name,
        lane: lane === -1 ? null : lane + 1,
        startMs: now,
        finishMs: finishAt[index],
        durationMs: work[index],
        recorded: !runs[index] || recorded[index] !== undefined,
      });
      if (lane === -1) {
        finish(index);
      } else {
        lanes[lane] = index;
        running.push(index);
      }
    }
    if (running.length === 0) break;
    now = Math.min(...running.map((index) => finishAt[index]));
    const done = running.filter((index) => finishAt[index] === now);
    running = running.filter((index) => finishAt[index] !== now);
    for (const index of done) {
      lanes[lanes.indexOf(index)] = undefined;
      finish(index);
    }
  }
  return {
    concurrency,
    packages: started,
    makespanMs: now,
    lowerBound: lowerBound(graph, work, concurrency),
    criticalPath: criticalPath(graph, work).keys,
    unrecorded: packages.filter((_, index) => runs[index] && recorded[index] === undefined).map((pkg) => pkg.name),
    assumedDurationMs,
  };
}

/** The graph the build loop gets: itself without cycles, else each cycle built as a unit without waiting inside it. */
function withoutCycles(graph: DependencyGraph): DependencyGraph {
  const { waitsFor, components } = cycleUnits(graph);
  const selfLinked = graph.keys.some((_, v) => graph.dependenciesOf(v).includes(v));
  if (components.componentCount === graph.size && !selfLinked) return graph;
  return buildDependencyGraph(graph.keys, (_key, v) => waitsFor[v].map((d) => graph.keys[d])).graph;
}

function recordedDuration(durations: Readonly<Record<string, number>>, id: string): number | undefined {
  const duration = Object.hasOwn(durations, id) ? durations[id] : undefined;
  return typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? duration : undefined;
}

/** Start priority of each package (smaller first): higher bottom level first, then id, as the build loop orders them. */
function priorityRanks(ids: readonly string[], levels: Float64Array): Int32Array {
  const order = ids.map((_, index) => index).sort((a, b) => levels[b] - levels[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const rank = new Int32Array(ids.length);
  order.forEach((index, position) => (rank[index] = position));
  return rank;
}

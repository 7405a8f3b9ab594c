import {
  buildDependencyGraph,
  criticalPath,
  lowerBound,
  simulateLanes,
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
 * Simulates the build loop on the plan with the graph engine's `simulateLanes`: the same priority as the workflow
 * (`priorityOrder`: longest remaining chain of dependents, weighted by the recorded durations the plan step passes as
 * `estimatedDurationMs`, each at least 1, unknown ones 1; ties by id), at most `concurrency` packages at once, a freed
 * lane refilled at once, packages with nothing to run ending at once without a lane. Every package takes its recorded
 * duration (`durations` by id, as the build history keeps them). Give it the plan, or the selection through
 * `breakCycles`, to follow the package manager's rule inside dependency cycles; cycles still in the packages (raw
 * discovery output) are built as `breakCycles` builds them under pnpm.
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
  const { makespanMs, starts } = simulateLanes(graph, {
    lanes: concurrency,
    durations: work,
    priorityWeights: recorded.map((duration) => Math.max(duration ?? 1, 1)),
    laneless: runs.map((run) => !run),
  });
  return {
    concurrency,
    packages: starts.map(({ node, lane, startMs, finishMs }) => ({
      id: packages[node].name,
      lane: lane === null ? null : lane + 1,
      startMs,
      finishMs,
      durationMs: work[node],
      recorded: !runs[node] || recorded[node] !== undefined,
    })),
    makespanMs,
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

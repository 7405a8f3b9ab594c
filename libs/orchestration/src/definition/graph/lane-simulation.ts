import { computeBottomLevels } from './critical-path';
import type { DependencyGraph } from './dependency-graph';
import { resolveWeights } from './graph-arguments';
import { NodeHeap } from './node-heap';
import { priorityOrder } from './priority-order';

/** What to simulate: the window and each node's duration, as the loop would run them. */
export interface LaneSimulationOptions {
  /** How many nodes run at once (the loop's window): a whole number from 1 and up. */
  lanes: number;
  /** Each node's duration (for a running node: what is left of it). */
  durations: ArrayLike<number>;
  /** The weights of the priority's bottom levels (the loop's `estimatedDuration`); the durations by default. */
  priorityWeights?: ArrayLike<number>;
  /** Priority ties by key, as a loop with a `key` breaks them (the default), else by position. */
  byKey?: boolean;
  /** Nodes already running: each holds a lane from the start, before any other node, even past `lanes`. */
  running?: ArrayLike<boolean>;
  /** Nodes that end as they start, without a lane (items skipped by `skipIf`): like the loop, they wait for a free lane. */
  laneless?: ArrayLike<boolean>;
}

/** One node started by the simulation. */
export interface SimulatedStart {
  node: number;
  /** 0-based lane; null for a laneless node. */
  lane: number | null;
  startMs: number;
  finishMs: number;
}

export interface LaneSimulation {
  /** When the last node ends, from the start of the simulation. */
  makespanMs: number;
  /** Every node the simulation started (not the running ones), in start order. */
  starts: SimulatedStart[];
}

/**
 * The loop's list scheduling, simulated: whenever a lane is free it takes the ready node (every dependency done) first
 * in `priorityOrder` (highest bottom level, then key), a freed lane refilled at once, the lowest free lane first.
 * O((V + E) log V). Throws `DependencyCycleError` on a cycle and RangeError on a bad lane count or duration.
 */
export function simulateLanes(graph: DependencyGraph, options: LaneSimulationOptions): LaneSimulation {
  const { lanes, running, laneless } = options;
  if (!Number.isInteger(lanes) || lanes < 1) {
    throw new RangeError(`Expected \`lanes\` to be a whole number from 1 and up, got ${String(lanes)}.`);
  }
  const { size, dependencyOffsets, dependentOffsets, dependentTargets } = graph;
  const durations = resolveWeights(graph, options.durations);
  const weights = options.priorityWeights === undefined ? durations : resolveWeights(graph, options.priorityWeights);
  const { rank } = priorityOrder(graph.keys, computeBottomLevels(graph, weights, 'a schedule on lanes'), options.byKey ?? true);

  const finishAt = new Float64Array(size);
  const laneOf = new Int32Array(size);
  const waiting = Int32Array.from({ length: size }, (_, v) => dependencyOffsets[v + 1] - dependencyOffsets[v]);
  const ready = new NodeHeap(size, (a, b) => rank[a] < rank[b]);
  const inFlight = new NodeHeap(size, (a, b) => finishAt[a] < finishAt[b]);
  let lanesInUse = 0;
  for (let v = 0; v < size; v++) {
    if (running?.[v]) {
      finishAt[v] = durations[v];
      laneOf[v] = lanesInUse++;
      inFlight.push(v);
    } else if (waiting[v] === 0) {
      ready.push(v);
    }
  }
  const freeLanes = new NodeHeap(Math.max(lanes, lanesInUse), (a, b) => a < b);
  for (let lane = lanesInUse; lane < lanes; lane++) freeLanes.push(lane);

  const release = (v: number) => {
    for (let e = dependentOffsets[v], end = dependentOffsets[v + 1]; e < end; e++) {
      const dependent = dependentTargets[e];
      if (--waiting[dependent] === 0 && !running?.[dependent]) ready.push(dependent);
    }
  };
  const starts: SimulatedStart[] = [];
  let now = 0;
  for (;;) {
    while (inFlight.size < lanes && ready.size > 0) {
      const v = ready.pop();
      if (laneless?.[v]) {
        starts.push({ node: v, lane: null, startMs: now, finishMs: now });
        release(v);
        continue;
      }
      finishAt[v] = now + durations[v];
      laneOf[v] = freeLanes.pop();
      inFlight.push(v);
      starts.push({ node: v, lane: laneOf[v], startMs: now, finishMs: finishAt[v] });
    }
    if (inFlight.size === 0) break;
    now = finishAt[inFlight.peek()];
    while (inFlight.size > 0 && finishAt[inFlight.peek()] <= now) {
      const v = inFlight.pop();
      freeLanes.push(laneOf[v]);
      release(v);
    }
  }
  return { makespanMs: now, starts };
}

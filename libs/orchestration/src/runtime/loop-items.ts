import { ApplicationFailure } from '@temporalio/common';
import { bottomLevels, buildDependencyGraph, findCycles, priorityOrder, type DependencyGraph } from '../definition/graph';
import type { LoopDefinition } from '../definition/workflow-definition';
import { LOOP_INPUT_ERROR } from '../protocol';
import {
  itemDependenciesInvalid,
  itemDependenciesUnknown,
  itemDependencyCycle,
  itemDurationInvalid,
  itemKeyInvalid,
  itemKeysNotUnique,
  loopNeedsArray,
  loopNeedsArrayFix,
  sentence,
} from './runtime.messages';

/** A loop's items with everything the window needs to schedule them. */
export interface LoopItems {
  items: readonly unknown[];
  keys: readonly string[];
  /** Item-level dependency graph; undefined when the loop has no `dependsOn`. */
  graph?: DependencyGraph;
  /** Items in start order when all are ready: `order[rank] = index`. */
  order: Int32Array;
  /** `rank[index]`: position of the item in `order`; smaller starts first. */
  rank: Int32Array;
  /** Why each item is skipped without running (`skipIf`), or undefined for items that run. */
  skipReasons: readonly (string | undefined)[];
}

/**
 * Checks a loop's input and orders its items by priority: longest remaining chain of dependents first
 * (weighted by `estimatedDuration` when items carry it), ties by key when the loop has a `key`, else by position.
 */
export function prepareLoopItems(step: string, loop: LoopDefinition, value: unknown): LoopItems {
  const items = toItemArray(step, loop, value);
  const keys = items.map((item, index) => keyOf(step, loop, item, index));
  assertUniqueKeys(step, loop, keys);
  const graph = loop.dependsOn === undefined ? undefined : dependencyGraph(step, loop.dependsOn, items, keys);
  const weights = loop.estimatedDuration === undefined ? undefined : durations(step, loop.estimatedDuration, items);
  const levels = graph === undefined ? undefined : bottomLevels(graph, weights);

  const { order, rank } = priorityOrder(keys, levels, loop.key !== undefined);
  const skipReasons = items.map((item) => skipReasonOf(loop.skipIf, item));
  return { items, keys, graph, order, rank, skipReasons };
}

function toItemArray(step: string, loop: LoopDefinition, value: unknown): readonly unknown[] {
  if (value === null || value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw invalidInput(`${sentence(loopNeedsArray(step, loop, value))} ${loopNeedsArrayFix(loop)}`);
  }
  return value;
}

function keyOf(step: string, loop: LoopDefinition, item: unknown, index: number): string {
  if (loop.key === undefined) {
    return String(index);
  }
  const key = isRecord(item) ? item[loop.key] : undefined;
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw invalidInput(itemKeyInvalid(step, loop.key, index, key));
  }
  return String(key);
}

function assertUniqueKeys(step: string, loop: LoopDefinition, keys: readonly string[]): void {
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw invalidInput(itemKeysNotUnique(step, loop.key, previous, index, key));
    }
    seen.set(key, index);
  });
}

function dependencyGraph(step: string, property: string, items: readonly unknown[], keys: readonly string[]): DependencyGraph {
  const { graph, unknownDependencies } = buildDependencyGraph(keys, (_key, index) => {
    const item = items[index];
    const dependencies = isRecord(item) ? item[property] : undefined;
    if (dependencies === undefined || dependencies === null) {
      return [];
    }
    if (!Array.isArray(dependencies)) {
      throw invalidInput(itemDependenciesInvalid(step, property, keys[index], dependencies));
    }
    return dependencies.map(String);
  });
  if (unknownDependencies.length > 0) {
    const listed = unknownDependencies.map(({ node, dependency }) => `"${node}" → "${dependency}"`).join(', ');
    throw invalidInput(itemDependenciesUnknown(step, listed));
  }
  const cycles = findCycles(graph);
  if (cycles.length > 0) {
    throw invalidInput(itemDependencyCycle(step, cycles));
  }
  return graph;
}

function durations(step: string, property: string, items: readonly unknown[]): Float64Array {
  return Float64Array.from(items, (item, index) => {
    const duration = isRecord(item) ? item[property] : undefined;
    if (duration === undefined || duration === null) {
      return 1;
    }
    if (typeof duration !== 'number' || !(duration >= 0)) {
      throw invalidInput(itemDurationInvalid(step, property, index, duration));
    }
    // A zero estimate would tie long chains of instant items with nothing; keep every item worth something.
    return Math.max(duration, 1);
  });
}

function skipReasonOf(property: string | undefined, item: unknown): string | undefined {
  const value = property === undefined || !isRecord(item) ? undefined : item[property];
  if (!value) {
    return undefined;
  }
  return typeof value === 'string' ? value : `skipped: "${property}" is set`;
}

function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: LOOP_INPUT_ERROR, nonRetryable: true });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`'batch.items'`) in records; undefined where the path leaves them. */
export function valueAtPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined) {
    return value;
  }
  let current = value;
  for (const segment of path.split('.')) {
    current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}

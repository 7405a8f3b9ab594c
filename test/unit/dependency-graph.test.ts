import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  bottomLevels,
  buildDependencyGraph,
  criticalPath,
  cycleUnits,
  DependencyCycleError,
  DependencyGraph,
  findCycles,
  layers,
  lowerBound,
  priorityOrder,
  selectWithDependencies,
  simulateLanes,
  stronglyConnectedComponents,
  topologicalOrder,
  transitiveDependents,
} from '@baton/orchestration/graph';
import { mulberry32 } from '../support/seeded-random';

/** Builds a graph from `{ node: [its dependencies] }`, asserting the input was clean. */
function graphOf(spec: Record<string, readonly string[]>): DependencyGraph {
  const { graph, unknownDependencies, duplicateNodes } = buildDependencyGraph(Object.keys(spec), (node) => spec[node]);
  assert.deepEqual(unknownDependencies, []);
  assert.deepEqual(duplicateNodes, []);
  return graph;
}

function keysOf(graph: DependencyGraph, ids: ArrayLike<number>): string[] {
  return Array.from(ids, (id) => graph.keys[id]);
}

/** Every dependency edge as `"node->dependency"`, sorted: compares graphs independently of ids. */
function edgesOf(graph: DependencyGraph): string[] {
  const edges: string[] = [];
  for (let v = 0; v < graph.size; v++) {
    for (const d of graph.dependenciesOf(v)) edges.push(`${graph.keys[v]}->${graph.keys[d]}`);
  }
  return edges.sort();
}

function assertValidTopologicalOrder(graph: DependencyGraph, order: readonly number[]): void {
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    Array.from({ length: graph.size }, (_, i) => i),
  );
  const position = new Map(order.map((v, k) => [v, k]));
  for (let v = 0; v < graph.size; v++) {
    for (const d of graph.dependenciesOf(v)) assert.ok(position.get(d)! < position.get(v)!, `${graph.keys[d]} before ${graph.keys[v]}`);
  }
}

/** A cycle path must follow real "depends on" edges and close on itself. */
function assertRealCycle(graph: DependencyGraph, cycle: readonly string[]): void {
  assert.ok(cycle.length >= 2, `cycle ${cycle.join(' → ')} too short`);
  assert.equal(cycle[0], cycle[cycle.length - 1]);
  for (let k = 0; k + 1 < cycle.length; k++) {
    const from = graph.indexOf(cycle[k]);
    const to = graph.indexOf(cycle[k + 1]);
    assert.ok(graph.dependenciesOf(from).includes(to), `${cycle[k]} depends on ${cycle[k + 1]}`);
  }
}

describe('buildDependencyGraph', () => {
  it('indexes keys in declaration order and stores both directions sorted by id', () => {
    const graph = graphOf({ a: [], b: ['a'], c: ['b', 'a'], d: ['c', 'a'] });
    assert.equal(graph.size, 4);
    assert.equal(graph.edgeCount, 5);
    assert.deepEqual(graph.keys, ['a', 'b', 'c', 'd']);
    assert.equal(graph.indexOf('c'), 2);
    assert.equal(graph.indexOf('zzz'), -1);
    assert.deepEqual(Array.from(graph.dependenciesOf(2)), [0, 1]);
    assert.deepEqual(Array.from(graph.dependentsOf(0)), [1, 2, 3]);
    assert.deepEqual(Array.from(graph.dependentsOf(3)), []);
  });

  it('accepts a map of dependencies, treating missing entries as none', () => {
    const { graph } = buildDependencyGraph(['a', 'b', 'c'], new Map([['c', ['a', 'b']]]));
    assert.deepEqual(edgesOf(graph), ['c->a', 'c->b']);
  });

  it('passes each node its position in the input', () => {
    const seen: Array<[string, number]> = [];
    buildDependencyGraph(['x', 'y', 'x', 'z'], (node, index) => {
      seen.push([node, index]);
      return [];
    });
    assert.deepEqual(seen, [
      ['x', 0],
      ['y', 1],
      ['z', 3],
    ]);
  });

  it('reports unknown dependencies once per node and leaves them out of the graph', () => {
    const { graph, unknownDependencies } = buildDependencyGraph(
      ['a', 'b', 'c'],
      (node) => ({ a: ['ghost'], b: ['a', 'lint', 'lint'], c: ['b', 'ghost'] })[node],
    );
    assert.deepEqual(unknownDependencies, [
      { node: 'a', dependency: 'ghost' },
      { node: 'b', dependency: 'lint' },
      { node: 'c', dependency: 'ghost' },
    ]);
    assert.deepEqual(edgesOf(graph), ['b->a', 'c->b']);
  });

  it('reports each duplicate key once and keeps the first occurrence', () => {
    const { graph, duplicateNodes } = buildDependencyGraph(['a', 'b', 'a', 'c', 'a', 'b'], (_, index) =>
      index === 0 ? [] : index === 2 ? ['c'] : ['a'],
    );
    assert.deepEqual(duplicateNodes, ['a', 'b']);
    assert.deepEqual(graph.keys, ['a', 'b', 'c']);
    assert.deepEqual(edgesOf(graph), ['b->a', 'c->a']);
  });

  it('drops repeated dependencies and keeps self-loops', () => {
    const graph = graphOf({ a: ['a'], b: ['a', 'a', 'b'] });
    assert.deepEqual(edgesOf(graph), ['a->a', 'b->a', 'b->b']);
    assert.equal(graph.edgeCount, 3);
  });

  it('rejects node indices outside the graph', () => {
    const graph = graphOf({ a: [] });
    assert.throws(() => graph.dependenciesOf(1), { name: 'RangeError', message: /from 0 to 0, got 1\. Use graph\.indexOf/ });
    assert.throws(() => graph.dependentsOf(0.5), RangeError);
  });
});

describe('topologicalOrder', () => {
  it('places every dependency first, smallest ready id first', () => {
    const graph = graphOf({ d: ['b', 'c'], c: ['a'], b: ['a'], a: [], e: [] });
    const order = topologicalOrder(graph)!;
    assertValidTopologicalOrder(graph, order);
    assert.deepEqual(keysOf(graph, order), ['a', 'c', 'b', 'd', 'e']);
  });

  it('is undefined when there is a cycle', () => {
    assert.equal(topologicalOrder(graphOf({ a: ['b'], b: ['a'], c: [] })), undefined);
    assert.equal(topologicalOrder(graphOf({ a: ['a'] })), undefined);
  });

  it('handles the empty graph and chains deeper than the call stack', () => {
    assert.deepEqual(topologicalOrder(graphOf({})), []);
    const n = 50_000;
    const { graph } = buildDependencyGraph(
      Array.from({ length: n }, (_, i) => `s${i}`),
      (_, i) => (i === 0 ? [] : [`s${i - 1}`]),
    );
    assert.equal(topologicalOrder(graph)!.length, n);
    assert.deepEqual(findCycles(graph), []);
    assert.equal(criticalPath(graph).length, n);
  });
});

describe('findCycles', () => {
  it('returns nothing for a DAG', () => {
    assert.deepEqual(findCycles(graphOf({ a: [], b: ['a'], c: ['a', 'b'] })), []);
  });

  it('reports a simple cycle from its smallest key, in "depends on" direction', () => {
    const graph = graphOf({ c: ['a'], b: ['c'], a: ['b'] });
    assert.deepEqual(findCycles(graph), [['a', 'b', 'c', 'a']]);
  });

  it('reports a self-loop', () => {
    assert.deepEqual(findCycles(graphOf({ a: [], b: ['b', 'a'] })), [['b', 'b']]);
  });

  it('reports two disjoint cycles in key order', () => {
    const graph = graphOf({ y: ['x'], x: ['y'], b: ['a'], a: ['b'], free: [] });
    assert.deepEqual(findCycles(graph), [
      ['a', 'b', 'a'],
      ['x', 'y', 'x'],
    ]);
  });

  it('reports a cycle reachable only through a node outside it, without that node', () => {
    const graph = graphOf({ entry: ['m'], m: ['n'], n: ['o'], o: ['m'] });
    assert.deepEqual(findCycles(graph), [['m', 'n', 'o', 'm']]);
  });

  it('reports one shortest cycle per component, and self-loops inside it separately', () => {
    // One component {a, b, c, d}; the shortest cycle through "a" is a → d → a.
    const graph = graphOf({ a: ['b', 'd'], b: ['c'], c: ['a', 'c'], d: ['a'] });
    const cycles = findCycles(graph);
    assert.deepEqual(cycles, [
      ['a', 'd', 'a'],
      ['c', 'c'],
    ]);
    for (const cycle of cycles) assertRealCycle(graph, cycle);
  });

  it('finds a cycle at the end of a chain deeper than the call stack', () => {
    const n = 30_000;
    const { graph } = buildDependencyGraph(
      Array.from({ length: n }, (_, i) => `s${i}`),
      (_, i) => [`s${(i + 1) % n}`],
    );
    const [cycle] = findCycles(graph);
    assert.equal(cycle.length, n + 1);
    assertRealCycle(graph, cycle);
  });
});

describe('stronglyConnectedComponents', () => {
  /** Each component as its sorted keys, components in id order. */
  function componentsOf(graph: DependencyGraph): string[][] {
    const { component, componentSize, componentCount } = stronglyConnectedComponents(graph);
    const members = Array.from({ length: componentCount }, (): string[] => []);
    graph.keys.forEach((key, v) => members[component[v]].push(key));
    members.forEach((keys, c) => assert.equal(keys.length, componentSize[c], `size of component ${c}`));
    return members.map((keys) => keys.sort());
  }

  /** A component's dependencies outside it lie in components with smaller ids. */
  function assertDependenciesFirst(graph: DependencyGraph): void {
    const { component } = stronglyConnectedComponents(graph);
    for (let v = 0; v < graph.size; v++) {
      for (const d of graph.dependenciesOf(v)) {
        assert.ok(component[d] <= component[v], `${graph.keys[d]}'s component comes no later than ${graph.keys[v]}'s`);
      }
    }
  }

  it('gives every node of a DAG its own component, dependencies first', () => {
    const graph = graphOf({ c: ['a', 'b'], b: ['a'], a: [] });
    assert.deepEqual(componentsOf(graph), [['a'], ['b'], ['c']]);
  });

  it('groups a cycle with a devDependency link apart from its dependency, its dependent and an unrelated node', () => {
    // vitest: browser → ui → browser-playwright → browser; utils below the cycle, docs above it, other unrelated.
    const graph = graphOf({
      docs: ['browser'],
      browser: ['ui', 'utils'],
      ui: ['playwright'],
      playwright: ['browser'],
      utils: [],
      other: [],
    });
    assert.deepEqual(componentsOf(graph), [['utils'], ['browser', 'playwright', 'ui'], ['docs'], ['other']]);
    assertDependenciesFirst(graph);
  });

  it('keeps a node with a self-loop alone', () => {
    assert.deepEqual(componentsOf(graphOf({ a: ['a'], b: ['a'] })), [['a'], ['b']]);
  });

  it('joins cycles that share a node, and keeps a cycle that depends on another apart from it', () => {
    const graph = graphOf({ a: ['b'], b: ['a', 'c'], c: ['b'], x: ['y', 'a'], y: ['x'] });
    assert.deepEqual(componentsOf(graph), [
      ['a', 'b', 'c'],
      ['x', 'y'],
    ]);
  });

  it('is the empty partition of the empty graph, and handles a cycle deeper than the call stack', () => {
    assert.equal(stronglyConnectedComponents(graphOf({})).componentCount, 0);
    const n = 200_000;
    const { graph } = buildDependencyGraph(
      Array.from({ length: n }, (_, i) => `s${i}`),
      (_, i) => [`s${(i + 1) % n}`],
    );
    const { componentCount, componentSize } = stronglyConnectedComponents(graph);
    assert.equal(componentCount, 1);
    assert.equal(componentSize[0], n);
  });

  it('puts two nodes in one component exactly when each reaches the other (random graphs)', () => {
    const random = mulberry32(13);
    for (let round = 0; round < 40; round++) {
      const n = 2 + Math.floor(random() * 14);
      const keys = Array.from({ length: n }, (_, i) => `n${i}`);
      const { graph } = buildDependencyGraph(keys, () => keys.filter(() => random() < 0.15));
      const reaches = keys.map((_, from) => {
        const seen = new Set([from]);
        const queue = [from];
        while (queue.length > 0) {
          for (const d of graph.dependenciesOf(queue.shift()!)) {
            if (!seen.has(d)) queue.push(d);
            seen.add(d);
          }
        }
        return seen;
      });
      const { component } = stronglyConnectedComponents(graph);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) assert.equal(component[a] === component[b], reaches[a].has(b) && reaches[b].has(a), `${a} and ${b}`);
      }
      assertDependenciesFirst(graph);
    }
  });
});

describe('cycleUnits', () => {
  /** What each node waits for, by key. */
  function waitsOf(graph: DependencyGraph, awaits?: (node: number, dependency: number) => boolean): Record<string, string[]> {
    const { waitsFor } = cycleUnits(graph, awaits);
    return Object.fromEntries(graph.keys.map((key, v) => [key, keysOf(graph, waitsFor[v])]));
  }

  it('leaves a DAG as it is', () => {
    const graph = graphOf({ a: [], b: ['a'], c: ['a', 'b'] });
    assert.deepEqual(waitsOf(graph), { a: [], b: ['a'], c: ['a', 'b'] });
  });

  it('builds a cycle as a unit: after everything below any of its nodes, before everything above any of them', () => {
    const graph = graphOf({ below: [], x: ['y', 'below'], y: ['z'], z: ['x'], above: ['x'], free: [] });
    assert.deepEqual(waitsOf(graph), { below: [], x: ['below'], y: ['below'], z: ['below'], above: ['x', 'y', 'z'], free: [] });
    assert.notEqual(topologicalOrder(graphOf(waitsOf(graph))), undefined);
  });

  it('keeps the links inside a cycle that `awaits` keeps, and drops self-loops', () => {
    const graph = graphOf({ x: ['y', 'x'], y: ['z'], z: ['x'] });
    const kept = (node: number) => graph.keys[node] !== 'x';
    assert.deepEqual(waitsOf(graph, kept), { x: [], y: ['z'], z: ['x'] });
  });

  it('orders cycles that depend on each other, and a dependent of both', () => {
    const graph = graphOf({ a: ['b'], b: ['a'], c: ['d', 'a'], d: ['c'], top: ['c'] });
    assert.deepEqual(waitsOf(graph), { a: [], b: [], c: ['a', 'b'], d: ['a', 'b'], top: ['c', 'd'] });
  });

  it('never waits in a cycle, and waits for everything reachable that lies outside the node’s own cycle (random graphs)', () => {
    const random = mulberry32(29);
    for (let round = 0; round < 40; round++) {
      const n = 2 + Math.floor(random() * 14);
      const keys = Array.from({ length: n }, (_, i) => `n${i}`);
      const { graph } = buildDependencyGraph(keys, () => keys.filter(() => random() < 0.15));
      const { waitsFor, components } = cycleUnits(graph);
      const dag = buildDependencyGraph(keys, (_, v) => keysOf(graph, waitsFor[v])).graph;
      assert.deepEqual(findCycles(dag), []);
      const reachable = (g: DependencyGraph, from: number) => {
        const seen = new Set<number>();
        const queue = [from];
        while (queue.length > 0) {
          for (const d of g.dependenciesOf(queue.shift()!)) {
            if (!seen.has(d)) queue.push(d);
            seen.add(d);
          }
        }
        return seen;
      };
      for (let v = 0; v < n; v++) {
        const waited = reachable(dag, v);
        for (const d of reachable(graph, v)) {
          if (components.component[d] !== components.component[v]) assert.ok(waited.has(d), `${keys[v]} waits for ${keys[d]}`);
        }
      }
    }
  });
});

describe('layers', () => {
  it('groups nodes by the depth of their deepest dependency', () => {
    const graph = graphOf({ lint: [], test: [], build: ['lint'], package: ['build', 'test'], docs: [], publish: ['package', 'lint'] });
    assert.deepEqual(layers(graph), [['lint', 'test', 'docs'], ['build'], ['package'], ['publish']]);
  });

  it('is empty for the empty graph', () => {
    assert.deepEqual(layers(graphOf({})), []);
  });

  it('throws on a cycle, naming it', () => {
    const graph = graphOf({ a: ['b'], b: ['a'] });
    assert.throws(
      () => layers(graph),
      (error: unknown) => {
        assert.ok(error instanceof DependencyCycleError);
        assert.match(error.message, /^Cannot compute layers of a graph with a cycle: a → b → a \(each depends on the next\)\. Remove/);
        assert.deepEqual(error.cycle, ['a', 'b', 'a']);
        return true;
      },
    );
  });
});

describe('bottomLevels and criticalPath', () => {
  // a → b → d and a → c → d (b, c depend on a; d on both); e is isolated.
  const graph = graphOf({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'], e: [] });

  it('counts nodes on the longest chain of dependents by default', () => {
    assert.deepEqual(Array.from(bottomLevels(graph)), [3, 2, 2, 1, 1]);
  });

  it('adds weights along the heaviest chain of dependents', () => {
    assert.deepEqual(Array.from(bottomLevels(graph, [1, 2, 5, 1, 4])), [7, 3, 6, 1, 4]);
  });

  it('follows the heaviest chain from a source to a sink', () => {
    assert.deepEqual(criticalPath(graph, [1, 2, 5, 1, 4]), { keys: ['a', 'c', 'd'], length: 7 });
    assert.deepEqual(criticalPath(graph, [1, 1, 1, 1, 10]), { keys: ['e'], length: 10 });
  });

  it('breaks ties by id', () => {
    assert.deepEqual(criticalPath(graph), { keys: ['a', 'b', 'd'], length: 3 });
    assert.deepEqual(criticalPath(graph, [0, 0, 0, 0, 0]), { keys: ['a', 'b', 'd'], length: 0 });
  });

  it('is empty for the empty graph', () => {
    assert.deepEqual(criticalPath(graphOf({})), { keys: [], length: 0 });
    assert.deepEqual(Array.from(bottomLevels(graphOf({}))), []);
  });

  it('rejects weights that are not one finite non-negative number per node', () => {
    assert.throws(() => bottomLevels(graph, [1, 2]), { name: 'RangeError', message: 'Expected one weight per node (5), got 2 weights.' });
    assert.throws(() => criticalPath(graph, [1, 1, -1, 1, 1]), {
      name: 'RangeError',
      message: 'Expected the weight of "c" (weights[2]) to be a finite number from 0 and up, got -1.',
    });
    assert.throws(() => bottomLevels(graph, [1, 1, 1, NaN, 1]), /weights\[3\].*got NaN/);
  });

  it('throws on a cycle', () => {
    const cyclic = graphOf({ a: ['a'] });
    assert.throws(() => bottomLevels(cyclic), /^DependencyCycleError: Cannot compute bottom levels of a graph with a cycle: a → a/);
    assert.throws(() => criticalPath(cyclic), /Cannot compute the critical path of a graph with a cycle: a → a/);
  });
});

describe('lowerBound', () => {
  const graph = graphOf({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] });

  it('is the critical path when there are enough workers', () => {
    assert.deepEqual(lowerBound(graph, [1, 4, 2, 1], 4), { criticalPath: 6, totalWork: 8, bound: 6 });
  });

  it('is the total work shared out when workers are scarce', () => {
    assert.deepEqual(lowerBound(graph, [1, 4, 2, 1], 1), { criticalPath: 6, totalWork: 8, bound: 8 });
    assert.deepEqual(lowerBound(graphOf({ a: [], b: [], c: [] }), [3, 3, 3], 2), { criticalPath: 3, totalWork: 9, bound: 4.5 });
  });

  it('rejects a concurrency below 1 and cyclic graphs', () => {
    assert.throws(() => lowerBound(graph, [1, 1, 1, 1], 0), {
      name: 'RangeError',
      message: 'Expected `concurrency` to be a number from 1 and up, got 0 (number).',
    });
    assert.throws(() => lowerBound(graph, [1, 1, 1, 1], NaN), RangeError);
    assert.throws(() => lowerBound(graphOf({ a: ['b'], b: ['a'] }), [1, 1], 1), DependencyCycleError);
  });
});

describe('transitiveDependents', () => {
  const graph = graphOf({ a: [], b: ['a'], c: ['b'], d: [], e: ['d', 'c'], f: ['d'] });

  it('lists everything downstream of a node, ascending, excluding it', () => {
    assert.deepEqual(keysOf(graph, transitiveDependents(graph, graph.indexOf('a'))), ['b', 'c', 'e']);
    assert.deepEqual(transitiveDependents(graph, graph.indexOf('f')), []);
  });

  it('excludes every given node, even one downstream of another', () => {
    assert.deepEqual(keysOf(graph, transitiveDependents(graph, [graph.indexOf('d'), graph.indexOf('b')])), ['c', 'e', 'f']);
    assert.deepEqual(transitiveDependents(graph, []), []);
  });

  it('works on cyclic graphs and rejects unknown ids', () => {
    const cyclic = graphOf({ a: ['b'], b: ['a'], c: ['a'] });
    assert.deepEqual(keysOf(cyclic, transitiveDependents(cyclic, 0)), ['b', 'c']);
    assert.throws(() => transitiveDependents(graph, 6), RangeError);
  });
});

describe('selectWithDependencies', () => {
  const graph = graphOf({ lint: [], test: ['lint'], build: ['lint'], docs: [], package: ['build', 'test'], publish: ['package', 'docs'] });

  it('keeps the selection, its transitive dependencies and the edges among them, in id order', () => {
    const sub = selectWithDependencies(graph, ['package']);
    assert.deepEqual(sub.keys, ['lint', 'test', 'build', 'package']);
    assert.deepEqual(edgesOf(sub), ['build->lint', 'package->build', 'package->test', 'test->lint']);
    assert.equal(sub.indexOf('build'), 2);
    assert.deepEqual(keysOf(sub, sub.dependentsOf(sub.indexOf('lint'))), ['test', 'build']);
    assert.deepEqual(topologicalOrder(sub), [0, 1, 2, 3]);
  });

  it('merges several selections and an empty one', () => {
    assert.deepEqual(selectWithDependencies(graph, ['docs', 'test', 'docs']).keys, ['lint', 'test', 'docs']);
    assert.equal(selectWithDependencies(graph, []).size, 0);
  });

  it('rejects unknown keys, listing them', () => {
    assert.throws(() => selectWithDependencies(graph, ['build', 'deploy', 'ship']), {
      name: 'RangeError',
      message:
        'Cannot select unknown nodes "deploy", "ship". Known nodes: "lint", "test", "build", "docs", "package", "publish". Select ' +
        'keys of the graph.',
    });
  });
});

interface RandomGraph {
  nodes: string[];
  dependencies: Map<string, string[]>;
  weights: number[];
}

/**
 * Random graph over shuffled keys (so ids, key order and any topological order all differ).
 * Acyclic: edges only go from later to earlier in a hidden order. Otherwise: any edge, self-loops included.
 */
function randomGraph(random: () => number, acyclic: boolean): RandomGraph {
  const n = Math.floor(random() * 61);
  const density = random() * (acyclic ? 0.3 : 4 / Math.max(n, 1));
  const hidden = Array.from({ length: n }, (_, i) => `k${Math.floor(random() * 1000)}_${i}`);
  const dependencies = new Map<string, string[]>();
  for (let i = 0; i < n; i++) {
    const deps: string[] = [];
    for (let j = 0; j < (acyclic ? i : n); j++) if (random() < density) deps.push(hidden[j]);
    dependencies.set(hidden[i], deps);
  }
  const nodes = [...hidden];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
  }
  return { nodes, dependencies, weights: nodes.map(() => Math.floor(random() * 10)) };
}

/** Straightforward reference implementations over the graph's own accessors. */
const reference = {
  /** List scheduling by a full scan: the ready node with the smallest rank, the lowest free lane, every lane rescanned. */
  simulateLanes(graph: DependencyGraph, durations: readonly number[], rank: ArrayLike<number>, lanes: number) {
    const waiting = graph.keys.map((_, v) => graph.dependenciesOf(v).length);
    const ready = graph.keys.flatMap((_, v) => (waiting[v] === 0 ? [v] : []));
    const laneNodes: (number | undefined)[] = Array.from({ length: lanes }, () => undefined);
    const finishAt: number[] = [];
    const starts: { node: number; lane: number; startMs: number; finishMs: number }[] = [];
    let now = 0;
    for (;;) {
      while (laneNodes.includes(undefined) && ready.length > 0) {
        ready.sort((a, b) => rank[a] - rank[b]);
        const v = ready.shift()!;
        const lane = laneNodes.indexOf(undefined);
        laneNodes[lane] = v;
        finishAt[v] = now + durations[v];
        starts.push({ node: v, lane, startMs: now, finishMs: finishAt[v] });
      }
      const busy = laneNodes.filter((v) => v !== undefined);
      if (busy.length === 0) return { makespanMs: now, starts };
      now = Math.min(...busy.map((v) => finishAt[v]));
      laneNodes.forEach((v, lane) => {
        if (v === undefined || finishAt[v] !== now) return;
        laneNodes[lane] = undefined;
        for (const dependent of graph.dependentsOf(v)) if (--waiting[dependent] === 0) ready.push(dependent);
      });
    }
  },
  topologicalOrder(graph: DependencyGraph): number[] | undefined {
    const placed = new Set<number>();
    const order: number[] = [];
    while (order.length < graph.size) {
      let next = -1;
      for (let v = 0; v < graph.size && next === -1; v++) {
        if (!placed.has(v) && Array.from(graph.dependenciesOf(v)).every((d) => placed.has(d))) next = v;
      }
      if (next === -1) return undefined;
      placed.add(next);
      order.push(next);
    }
    return order;
  },

  depth(graph: DependencyGraph): number[] {
    const memo = new Map<number, number>();
    const depth = (v: number): number => {
      if (!memo.has(v)) memo.set(v, Math.max(-1, ...Array.from(graph.dependenciesOf(v), depth)) + 1);
      return memo.get(v)!;
    };
    return Array.from({ length: graph.size }, (_, v) => depth(v));
  },

  bottomLevels(graph: DependencyGraph, weights: readonly number[]): number[] {
    const memo = new Map<number, number>();
    const level = (v: number): number => {
      if (!memo.has(v)) memo.set(v, weights[v] + Math.max(0, ...Array.from(graph.dependentsOf(v), level)));
      return memo.get(v)!;
    };
    return Array.from({ length: graph.size }, (_, v) => level(v));
  },

  reachable(graph: DependencyGraph, from: number, direction: 'dependents' | 'dependencies'): Set<number> {
    const seen = new Set<number>();
    const visit = (v: number): void => {
      for (const w of direction === 'dependents' ? graph.dependentsOf(v) : graph.dependenciesOf(v)) {
        if (!seen.has(w)) {
          seen.add(w);
          visit(w);
        }
      }
    };
    visit(from);
    return seen;
  },
};

describe('randomized DAGs against reference implementations', () => {
  const random = mulberry32(0xba70);
  const cases = Array.from({ length: 200 }, () => randomGraph(random, true));

  it('builds the declared edges', () => {
    for (const { nodes, dependencies } of cases) {
      const { graph } = buildDependencyGraph(nodes, dependencies);
      const expected = [...dependencies].flatMap(([node, deps]) => deps.map((d) => `${node}->${d}`)).sort();
      assert.deepEqual(edgesOf(graph), expected);
      for (let v = 0; v < graph.size; v++) {
        for (const d of graph.dependenciesOf(v)) assert.ok(graph.dependentsOf(d).includes(v));
      }
    }
  });

  it('orders topologically, matching the smallest-id-first reference, and finds no cycle', () => {
    for (const { nodes, dependencies } of cases) {
      const { graph } = buildDependencyGraph(nodes, dependencies);
      const order = topologicalOrder(graph)!;
      assertValidTopologicalOrder(graph, order);
      assert.deepEqual(order, reference.topologicalOrder(graph));
      assert.deepEqual(findCycles(graph), []);
    }
  });

  it('computes layers from the deepest dependency', () => {
    for (const { nodes, dependencies } of cases) {
      const { graph } = buildDependencyGraph(nodes, dependencies);
      const depth = reference.depth(graph);
      const expected: string[][] = [];
      depth.forEach((d, v) => (expected[d] ??= []).push(graph.keys[v]));
      assert.deepEqual(layers(graph), expected);
    }
  });

  it('simulates lanes as list scheduling by priority, like the full-scan reference, on 1 to 5 lanes', () => {
    for (const { nodes, dependencies, weights } of cases) {
      const { graph } = buildDependencyGraph(nodes, dependencies);
      const { rank } = priorityOrder(graph.keys, bottomLevels(graph, weights), true);
      for (const lanes of [1, 2, 5]) {
        assert.deepEqual(simulateLanes(graph, { lanes, durations: weights }), reference.simulateLanes(graph, weights, rank, lanes));
      }
    }
  });

  it('computes bottom levels, the critical path and the lower bound, weighted and unweighted', () => {
    for (const { nodes, dependencies, weights } of cases) {
      const { graph } = buildDependencyGraph(nodes, dependencies);
      for (const w of [weights, nodes.map(() => 1)]) {
        const expected = reference.bottomLevels(graph, w);
        assert.deepEqual(Array.from(bottomLevels(graph, w)), expected);
        const longest = Math.max(0, ...expected);

        const path = criticalPath(graph, w);
        assert.equal(path.length, longest);
        const ids = path.keys.map((key) => graph.indexOf(key));
        assert.equal(
          ids.reduce((sum, v) => sum + w[v], 0),
          longest,
        );
        if (graph.size > 0) {
          assert.equal(graph.dependenciesOf(ids[0]).length, 0, 'starts with no dependencies');
          assert.equal(graph.dependentsOf(ids[ids.length - 1]).length, 0, 'ends at a sink');
        }
        for (let k = 1; k < ids.length; k++) assert.ok(graph.dependenciesOf(ids[k]).includes(ids[k - 1]));

        const total = w.reduce((sum, x) => sum + x, 0);
        for (const concurrency of [1, 3, Infinity]) {
          assert.deepEqual(lowerBound(graph, w, concurrency), {
            criticalPath: longest,
            totalWork: total,
            bound: Math.max(longest, total / concurrency),
          });
        }
      }
      assert.deepEqual(
        bottomLevels(graph),
        bottomLevels(
          graph,
          nodes.map(() => 1),
        ),
      );
    }
  });

  it('finds transitive dependents and selects subgraphs with their dependencies', () => {
    for (const { nodes, dependencies } of cases) {
      const { graph } = buildDependencyGraph(nodes, dependencies);
      if (graph.size === 0) continue;
      const a = Math.floor(random() * graph.size);
      const b = Math.floor(random() * graph.size);

      const downstream = new Set([...reference.reachable(graph, a, 'dependents'), ...reference.reachable(graph, b, 'dependents')]);
      downstream.delete(a);
      downstream.delete(b);
      assert.deepEqual(
        transitiveDependents(graph, [a, b]),
        [...downstream].sort((x, y) => x - y),
      );
      assert.deepEqual(
        transitiveDependents(graph, a),
        [...reference.reachable(graph, a, 'dependents')].sort((x, y) => x - y),
      );

      const kept = new Set([a, b, ...reference.reachable(graph, a, 'dependencies'), ...reference.reachable(graph, b, 'dependencies')]);
      const sub = selectWithDependencies(graph, [graph.keys[a], graph.keys[b]]);
      const keptIds = [...kept].sort((x, y) => x - y);
      assert.deepEqual(sub.keys, keysOf(graph, keptIds));
      assert.deepEqual(
        edgesOf(sub),
        edgesOf(graph).filter((edge) => edge.split('->').every((key) => kept.has(graph.indexOf(key)))),
      );
    }
  });
});

describe('randomized cyclic graphs against reference implementations', () => {
  const random = mulberry32(0xc7c1e);
  const cases = Array.from({ length: 200 }, () => randomGraph(random, false));

  it('reports one real cycle per non-trivial component and every self-loop, deterministically', () => {
    let cyclic = 0;
    for (const { nodes, dependencies } of cases) {
      const { graph } = buildDependencyGraph(nodes, dependencies);
      const reach = Array.from({ length: graph.size }, (_, v) => reference.reachable(graph, v, 'dependencies'));
      const sameComponent = (v: number, w: number) => v === w || (reach[v].has(w) && reach[w].has(v));

      const expectedStarts: string[] = [];
      for (let v = 0; v < graph.size; v++) {
        const members = graph.keys.filter((_, w) => sameComponent(v, w));
        if (members.length > 1 && members.every((key) => graph.keys[v] <= key)) expectedStarts.push(`${graph.keys[v]}/component`);
        if (graph.dependenciesOf(v).includes(v)) expectedStarts.push(`${graph.keys[v]}/self`);
      }

      const cycles = findCycles(graph);
      assert.deepEqual(findCycles(graph), cycles);
      const starts = cycles.map((cycle) => `${cycle[0]}/${cycle.length === 2 && cycle[0] === cycle[1] ? 'self' : 'component'}`);
      assert.deepEqual([...starts].sort(), [...expectedStarts].sort());
      const firstKeys = cycles.map((cycle) => cycle[0]);
      assert.deepEqual(firstKeys, [...firstKeys].sort());
      for (const cycle of cycles) {
        assertRealCycle(graph, cycle);
        const start = graph.indexOf(cycle[0]);
        for (const key of cycle) assert.ok(sameComponent(start, graph.indexOf(key)));
        assert.equal(new Set(cycle).size, cycle.length - 1, 'a simple cycle');
      }

      assert.equal(topologicalOrder(graph) === undefined, cycles.length > 0);
      assert.deepEqual(topologicalOrder(graph), reference.topologicalOrder(graph));
      if (cycles.length > 0) {
        cyclic++;
        assert.throws(() => layers(graph), DependencyCycleError);
      }
    }
    assert.ok(cyclic > 50, `only ${cyclic} of the random graphs had a cycle`);
  });
});

describe('priorityOrder and simulateLanes', () => {
  // a → b (a waits for b); c alone; d waits for c. Weights: b 3, the rest 1.
  const graph = graphOf({ a: ['b'], b: [], c: [], d: ['c'] });
  const weights = [1, 3, 1, 1];

  it('orders by bottom level, then by key or by position', () => {
    const levels = bottomLevels(graph, weights); // a 1, b 4, c 2, d 1
    assert.deepEqual(keysOf(graph, priorityOrder(graph.keys, levels, true).order), ['b', 'c', 'a', 'd']);
    assert.deepEqual(Array.from(priorityOrder(graph.keys, levels, true).rank), [2, 0, 1, 3]);
    assert.deepEqual(Array.from(priorityOrder(['z', 'y', 'x'], undefined, true).order), [2, 1, 0]);
    assert.deepEqual(Array.from(priorityOrder(['z', 'y', 'x'], undefined, false).order), [0, 1, 2]);
  });

  it('starts the ready node of highest priority on the lowest free lane, in start order', () => {
    const { makespanMs, starts } = simulateLanes(graph, { lanes: 2, durations: weights });
    assert.equal(makespanMs, 4);
    assert.deepEqual(
      starts.map(({ node, lane, startMs, finishMs }) => [graph.keys[node], lane, startMs, finishMs]),
      [
        ['b', 0, 0, 3],
        ['c', 1, 0, 1],
        ['d', 1, 1, 2],
        ['a', 0, 3, 4],
      ],
    );
    assert.equal(simulateLanes(graph, { lanes: 1, durations: weights }).makespanMs, 6);
  });

  it('ranks by the priority weights, keeps running nodes in their lanes and ends laneless nodes at once', () => {
    // c weighs 5 for the priority (level 6 against b's 2): it starts first on one lane, then b, then a before d (key).
    const byWeights = simulateLanes(graph, { lanes: 1, durations: weights, priorityWeights: [1, 1, 5, 1] });
    assert.deepEqual(
      keysOf(
        graph,
        byWeights.starts.map((start) => start.node),
      ),
      ['c', 'b', 'a', 'd'],
    );
    // b already runs (2 left) in the only lane: c (level 2) starts when b ends, then a before d (level 1, by key).
    const running = simulateLanes(graph, { lanes: 1, durations: [1, 2, 1, 1], running: [false, true, false, false] });
    assert.deepEqual(
      running.starts.map(({ node, lane, startMs }) => [graph.keys[node], lane, startMs]),
      [
        ['c', 0, 2],
        ['a', 0, 3],
        ['d', 0, 4],
      ],
    );
    assert.equal(running.makespanMs, 5);
    const laneless = simulateLanes(graph, { lanes: 1, durations: [1, 3, 0, 1], laneless: [false, false, true, false] });
    // c has no lane of its own but waits for a free one, as the loop makes a skipped item wait: after b and a.
    assert.deepEqual(laneless.starts.slice(0, 3), [
      { node: 1, lane: 0, startMs: 0, finishMs: 3 },
      { node: 0, lane: 0, startMs: 3, finishMs: 4 },
      { node: 2, lane: null, startMs: 4, finishMs: 4 },
    ]);
    assert.equal(laneless.makespanMs, 5);
  });

  it('refuses a cycle, a bad lane count and a bad duration', () => {
    assert.throws(
      () => simulateLanes(graphOf({ x: ['y'], y: ['x'] }), { lanes: 1, durations: [1, 1] }),
      /^DependencyCycleError: Cannot compute a schedule on lanes of a graph with a cycle: x → y → x/,
    );
    for (const lanes of [0, 1.5, NaN]) {
      assert.throws(() => simulateLanes(graph, { lanes, durations: weights }), /`lanes` to be a whole number from 1 and up/);
    }
    assert.throws(() => simulateLanes(graph, { lanes: 1, durations: [1, -1, 1, 1] }), /weights\[1\].*got -1/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { criticalPath, layoutGraph, NODE_HEIGHT, NODE_WIDTH, topologicalOrder } from '../../apps/api/dashboard/graph.layout';
import { assignLanes } from '../../apps/api/dashboard/lanes.layout';

//   a → b → d
//   a → c → d,  e alone
const IDS = ['d', 'c', 'b', 'a', 'e'];
const EDGES = [
  { from: 'a', to: 'b' },
  { from: 'a', to: 'c' },
  { from: 'b', to: 'd' },
  { from: 'c', to: 'd' },
];

describe('graph layout', () => {
  it('orders dependencies first and puts nodes on cycles last', () => {
    const order = topologicalOrder(IDS, EDGES);
    for (const { from, to } of EDGES) assert.ok(order.indexOf(from) < order.indexOf(to), `${from} before ${to}`);
    assert.deepEqual(
      topologicalOrder(
        ['x', 'y', 'z'],
        [
          { from: 'x', to: 'y' },
          { from: 'y', to: 'x' },
        ],
      ),
      ['z', 'x', 'y'],
    );
  });

  it('places each node by longest-path depth: dependencies left of dependents, no two boxes overlapping', () => {
    const layout = layoutGraph(IDS, EDGES);
    assert.deepEqual(Object.fromEntries(layout.nodes.map((node) => [node.id, node.depth])), { a: 0, e: 0, b: 1, c: 1, d: 2 });
    for (const { from, to } of EDGES) assert.ok(layout.byId.get(from)!.x + NODE_WIDTH < layout.byId.get(to)!.x);
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = a.x + NODE_WIDTH <= b.x || b.x + NODE_WIDTH <= a.x || a.y + NODE_HEIGHT <= b.y || b.y + NODE_HEIGHT <= a.y;
        assert.ok(apart, `${a.id} and ${b.id} overlap`);
      }
    }
    assert.ok(layout.nodes.every((node) => node.x + NODE_WIDTH <= layout.width && node.y + NODE_HEIGHT <= layout.height));
  });

  it('lays out 10,000 nodes in a chain of waves quickly (linear time)', () => {
    const ids = Array.from({ length: 10_000 }, (_, index) => `n${index}`);
    const edges = ids.slice(1).map((id, index) => ({ from: ids[Math.floor(index / 2)], to: id }));
    const started = performance.now();
    const layout = layoutGraph(ids, edges);
    assert.ok(performance.now() - started < 500, 'under half a second');
    assert.equal(layout.nodes.length, ids.length);
  });

  it('finds the heaviest chain of dependencies as the critical path', () => {
    const weights: Record<string, number> = { a: 1, b: 5, c: 2, d: 1, e: 3 };
    assert.deepEqual(
      criticalPath(topologicalOrder(IDS, EDGES), EDGES, (id) => weights[id]),
      ['a', 'b', 'd'],
    );
    assert.deepEqual(
      criticalPath(topologicalOrder(IDS, EDGES), EDGES, (id) => (id === 'e' ? 10 : 1)),
      ['e'],
    );
  });
});

describe('lanes', () => {
  it('puts each run in the lowest free lane, as many lanes as runs ever overlap, none overlapping in a lane', () => {
    const runs = [
      { key: 'a', start: 0, end: 10 },
      { key: 'b', start: 0, end: 4 },
      { key: 'c', start: 4, end: 8 },
      { key: 'd', start: 5, end: 12 },
      { key: 'e', start: 10, end: 11 },
    ];
    const { lanes, count } = assignLanes(runs);
    assert.equal(count, 3);
    assert.deepEqual(Object.fromEntries(lanes), { b: 0, a: 1, c: 0, d: 2, e: 0 });
  });
});

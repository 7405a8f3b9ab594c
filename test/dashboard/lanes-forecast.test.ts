import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { laneGaps, type GapContext } from '../../apps/api/dashboard/lane.gaps';
import { remainingMakespan } from '../../apps/api/dashboard/remaining.forecast';
import type { ItemState } from '../../apps/api/dashboard/execution.state';
import { controlTimeline } from '../../apps/api/dashboard/window.timeline';
import { simulatedMakespan } from '../../apps/api/src/forecast/lane.simulation';

const at = (ms: number) => new Date(ms).toISOString();

describe('lane simulation', () => {
  it('runs independent items N at a time and chains one after another', () => {
    const flat = Array.from({ length: 8 }, (_, index) => ({ key: `i${index}`, dependsOn: [], durationMs: 100 }));
    assert.equal(simulatedMakespan(flat, 1, true), 800);
    assert.equal(simulatedMakespan(flat, 2, true), 400);
    assert.equal(simulatedMakespan(flat, 8, true), 100);
    const chain = flat.map((item, index) => ({ ...item, dependsOn: index === 0 ? [] : [`i${index - 1}`] }));
    assert.equal(simulatedMakespan(chain, 4, true), 800);
  });

  it('starts the longest remaining chain first, as the loop does, and keeps running items in their lanes', () => {
    // a (100) → b (300); c, d (100 each) independent. Two lanes: a and c first (a leads the heaviest chain), then b and d.
    const items = [
      { key: 'c', dependsOn: [], durationMs: 100 },
      { key: 'd', dependsOn: [], durationMs: 100 },
      { key: 'a', dependsOn: [], durationMs: 100 },
      { key: 'b', dependsOn: ['a'], durationMs: 300 },
    ];
    assert.equal(simulatedMakespan(items, 2, true), 400);
    // A running item holds its lane from the start with what is left of it; dependencies outside the set are done.
    assert.equal(simulatedMakespan([{ key: 'r', dependsOn: ['gone'], durationMs: 50, running: true }, ...items], 1, true), 650);
    assert.throws(() =>
      simulatedMakespan(
        [
          { key: 'x', dependsOn: ['y'], durationMs: 1 },
          { key: 'y', dependsOn: ['x'], durationMs: 1 },
        ],
        2,
        true,
      ),
    );
  });

  it("forecasts the rest of a graph from the mean of this execution's finished items", () => {
    const items = new Map<string, ItemState>([
      ['a', { id: 'a', label: 'a', status: 'succeeded', durationMs: 200, startedAt: 0, finishedAt: 200 }],
      ['b', { id: 'b', label: 'b', status: 'running', startedAt: 200 }],
      ['c', { id: 'c', label: 'c', status: 'pending' }],
      ['x', { id: 'x', label: 'x', status: 'blocked' }],
    ]);
    const dependencies = new Map([
      ['b', ['a']],
      ['c', ['b']],
    ]);
    // b has 150 of its 200 ms left at 250, then c takes 200.
    assert.deepEqual(remainingMakespan(items, dependencies, 4, 250), { makespanMs: 350, at: 250 });
    assert.equal(remainingMakespan(new Map([['c', items.get('c')!]]), dependencies, 4, 0), undefined, 'unknown before a duration');
  });
});

describe('window timeline and lane gaps', () => {
  it('draws the window from its first value, changing at each setConcurrency; pauses until resumed', () => {
    const timeline = controlTimeline(
      [
        { at: at(1000), previous: 4, concurrency: 2, paused: null },
        { at: at(2000), previous: null, concurrency: null, paused: true },
        { at: at(3000), previous: null, concurrency: null, paused: false },
        { at: at(4000), previous: null, concurrency: null, paused: true },
      ],
      0,
      5000,
      2,
    );
    assert.deepEqual(timeline.windows, [
      { from: 0, to: 1000, size: 4 },
      { from: 1000, to: 5000, size: 2 },
    ]);
    assert.deepEqual(timeline.paused, [
      { from: 2000, to: 3000 },
      { from: 4000, to: 5000 },
    ]);
    assert.deepEqual(controlTimeline([], 0, 10, 0).windows, [], 'a closed execution reports no window');
  });

  it('labels each idle stretch by the pause, a full window, the dependency the next item waited for, or the scheduler', () => {
    const items = new Map<string, ItemState>([
      ['core', { id: 'core', label: '@x/core', status: 'succeeded', startedAt: 0, finishedAt: 1000 }],
      ['app', { id: 'app', label: '@x/app', status: 'succeeded', startedAt: 1000, finishedAt: 2000 }],
      ['late', { id: 'late', label: 'late', status: 'succeeded', startedAt: 3000, finishedAt: 3500 }],
      ['other', { id: 'other', label: 'other', status: 'succeeded', startedAt: 0, finishedAt: 500 }],
    ]);
    const context: GapContext = {
      timeline: controlTimeline(
        [
          { at: at(2000), previous: null, concurrency: null, paused: true },
          { at: at(3000), previous: null, concurrency: null, paused: false },
        ],
        0,
        3500,
        2,
      ),
      items,
      nodes: [...items.keys()],
      dependencies: new Map([['app', ['core']]]),
      label: (id) => items.get(id)!.label,
      end: 3500,
      running: false,
      minimumMs: 10,
    };
    const bars = [
      { key: 'core', lane: 0, from: 0, to: 1000 },
      { key: 'late', lane: 0, from: 3000, to: 3500 },
      { key: 'other', lane: 1, from: 0, to: 500 },
      { key: 'app', lane: 1, from: 1000, to: 2000 },
    ];
    assert.deepEqual(
      laneGaps(bars, 2, context).map(({ lane, from, to, wait }) => ({ lane, from, to, wait })),
      [
        { lane: 0, from: 1000, to: 2000, wait: 'scheduling' },
        { lane: 0, from: 2000, to: 3000, wait: 'paused' },
        { lane: 1, from: 500, to: 1000, wait: 'waiting on @x/core' },
      ],
    );
  });
});

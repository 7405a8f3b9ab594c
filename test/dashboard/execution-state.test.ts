import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { applyEvent, displayStatus, graphTopology, type ApiEvent, type ItemState } from '../../apps/api/dashboard/execution.state';

const EVENT: ApiEvent = {
  type: 'ITEM_STARTED',
  at: '2026-01-01T00:00:01.000Z',
  step: 'build',
  key: '@acme/web',
  index: 3,
  attempts: null,
  durationMs: null,
  error: null,
  blockedBy: null,
  status: null,
};

describe('execution state from the API', () => {
  it('draws the item nodes when there are any, else the steps', () => {
    const steps = [
      { id: 'plan', label: 'plan', kind: 'STEP', status: 'SUCCEEDED' },
      { id: 'build', label: 'build', kind: 'LOOP', status: 'RUNNING' },
    ];
    const items = [
      { id: 'build/a', label: 'a', kind: 'ITEM', status: 'PENDING' },
      { id: 'build/b', label: 'b', kind: 'ITEM', status: 'PENDING' },
    ];
    const edges = [
      { from: 'plan', to: 'build' },
      { from: 'build/a', to: 'build/b' },
    ];
    assert.deepEqual(graphTopology({ nodes: [...steps, ...items], edges }), { nodes: items, edges: [edges[1]] });
    assert.deepEqual(graphTopology({ nodes: steps, edges: [edges[0]] }), { nodes: steps, edges: [edges[0]] });
  });

  it('follows an item from its start event to its end event', () => {
    const started = applyEvent(undefined, EVENT)!;
    assert.deepEqual(started, { id: 'build/@acme/web', label: '@acme/web', status: 'running', startedAt: Date.parse(EVENT.at) });
    const ended = applyEvent(started, {
      ...EVENT,
      type: 'ITEM_FAILED',
      at: '2026-01-01T00:00:03.000Z',
      durationMs: 2000,
      attempts: 2,
      error: 'boom',
    })!;
    assert.equal(ended.status, 'failed');
    assert.equal(ended.finishedAt! - ended.startedAt!, 2000);
    assert.equal(ended.attempts, 2);
    assert.equal(ended.error, 'boom');
    assert.equal(applyEvent(undefined, { ...EVENT, type: 'STATUS_CHANGED', step: null }), undefined);
  });

  it('dates the start of an item whose start event it never saw back by its duration; a blocked one names its blocker', () => {
    const succeeded = applyEvent(undefined, { ...EVENT, type: 'ITEM_SUCCEEDED', durationMs: 500 })!;
    assert.equal(succeeded.startedAt, Date.parse(EVENT.at) - 500);
    const blocked = applyEvent(undefined, { ...EVENT, type: 'ITEM_BLOCKED', blockedBy: '@acme/cache', durationMs: 0 })!;
    assert.equal(blocked.status, 'blocked');
    assert.equal(blocked.blockedBy, '@acme/cache');
  });

  it('tells waiting (a dependency not yet succeeded) from pending (ready for a slot)', () => {
    const items = new Map<string, ItemState>([
      ['a', { id: 'a', label: 'a', status: 'succeeded' }],
      ['b', { id: 'b', label: 'b', status: 'running' }],
    ]);
    const dependencies = new Map([
      ['c', ['a']],
      ['d', ['a', 'b']],
    ]);
    assert.equal(displayStatus('c', items, dependencies), 'pending');
    assert.equal(displayStatus('d', items, dependencies), 'waiting');
    assert.equal(displayStatus('b', items, dependencies), 'running');
    assert.equal(displayStatus('e', items, dependencies), 'pending', 'no dependencies: ready');
  });
});

import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow } from '@baton/orchestration';
import { startApiApp, type ApiApp } from '../support/api-app';
import { collect, graphql, graphqlData, wsClient } from '../support/graphql-client';
import { useTestStack, type TestStack } from '../support/test-stack';

/** Items wait for it, so that both subscriptions are in place before anything happens. */
let opened: () => void;
const gate = new Promise<void>((resolve) => (opened = resolve));

@Workflow({ name: 'TwoInstancesLoop' })
@Injectable()
class TwoInstancesLoop {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 3, onItemError: 'continue', retry: { attempts: 1 } })
  async run(item: number): Promise<number> {
    await gate;
    await sleep(20 + (item % 5) * 15);
    if (item % 10 === 7) throw new Error(`item ${item} fails`);
    return item;
  }
}

interface EventValue {
  type: string;
  key: string | null;
  status: string | null;
}

describe('GraphQL API: two instances over the same database', () => {
  let stack: TestStack;
  let first: ApiApp;
  let second: ApiApp;

  beforeAll(async () => {
    stack = await useTestStack();
    first = await startApiApp(stack, { providers: [TwoInstancesLoop] });
    // Same workflows and task queue, no worker of its own: a second API process in front of the same deployment.
    second = await startApiApp(stack, { providers: [TwoInstancesLoop], runWorker: false, taskQueue: first.taskQueue });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await stack?.stop();
  });

  it('delivers every event to the subscribers of both, and every change to executionsChanged', async () => {
    const items = Array.from({ length: 40 }, (_, index) => index);
    const id = `two-instances-${Date.now()}`;
    const clients = [wsClient(first.url), wsClient(second.url)];
    const query = 'subscription($id: ID!) { executionEvents(id: $id) { type key status } }';
    // The execution must exist before subscribing: start it from the second instance (no worker there).
    await graphqlData(
      second.url,
      'mutation($input: JSON, $id: String) { startWorkflow(name: "TwoInstancesLoop", input: $input, id: $id) { id } }',
      { input: { items }, id },
    );
    const collecting = Promise.all(clients.map((client) => collect<{ executionEvents: EventValue }>(client, query, { id })));
    const changes = collect<{ executionsChanged: { id: string; status: string; progress: { completed: number } } }>(
      clients[1],
      'subscription { executionsChanged(workflow: "TwoInstancesLoop") { id status progress { completed } } }',
      {},
      (value) => value.executionsChanged.id === id && value.executionsChanged.status === 'COMPLETED',
    );
    await sleep(1000);
    opened();
    const streams = await collecting;
    const changed = (await changes).map((value) => value.executionsChanged);
    await Promise.all(clients.map((client) => client.dispose()));

    // The first record (status RUNNING) may land before a subscription is in place; everything after the gate opened counts.
    const [a, b] = streams.map((stream) => stream.map((value) => value.executionEvents).filter((event) => event.status !== 'RUNNING'));
    assert.deepEqual(a, b, 'both instances delivered the same events in the same order');
    const finished = a.filter((event) => event.type === 'ITEM_SUCCEEDED' || event.type === 'ITEM_FAILED');
    assert.equal(finished.length, items.length, 'every item ended once');
    assert.equal(a.filter((event) => event.type === 'ITEM_FAILED').length, 4);
    assert.equal(a.at(-1)!.status, 'COMPLETED');

    // executionsChanged: the execution at each record, its count only growing, ending completed with every item.
    assert.ok(changed.length >= 2 && changed.every((execution) => execution.id === id));
    const counts = changed.map((execution) => execution.progress.completed);
    assert.deepEqual(
      counts,
      [...counts].sort((x, y) => x - y),
    );
    assert.equal(counts.at(-1), items.length);

    // The id now belongs to that execution: starting another under it is refused.
    const again = await graphql(
      first.url,
      'mutation($id: String) { startWorkflow(name: "TwoInstancesLoop", input: { items: [] }, id: $id) { id } }',
      { id },
    );
    assert.equal(again.errors?.[0].extensions?.code, 'CONFLICT');
    assert.match(again.errors![0].message, /already exists/);
  });
});

import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { getIntrospectionQuery } from 'graphql';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import WebSocket from 'ws';
import { ParallelLoop, Workflow } from '@baton/orchestration';
import { startApiApp, type ApiApp } from '../support/api-app';
import { graphql, wsClient } from '../support/graphql-client';
import { useTestStack, type TestStack } from '../support/test-stack';

@Workflow({ name: 'LimitsEcho' })
@Injectable()
class LimitsEchoWorkflow {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 2 })
  async echo(item: number): Promise<number> {
    return item;
  }
}

const KEY = 'limits-test-key-0123456789';
/** Execution ids of this run: the test stack's Temporal keeps earlier runs' executions. */
const RUN = randomUUID().slice(0, 8);
const withKey = { 'x-api-key': KEY };
const START = (alias: string, id: string) =>
  `${alias}: startWorkflow(name: "LimitsEcho", id: "${id}-${RUN}", input: { items: [1] }) { id }`;

/** How a raw graphql-transport-ws socket ends after sending `message` as its first message. */
function closeAfter(api: ApiApp, message: string): Promise<{ code: number; acknowledged: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${api.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    let acknowledged = false;
    socket.once('open', () => socket.send(message));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        acknowledged = true;
        socket.close(1000);
      }
    });
    socket.once('close', (code) => resolve({ code, acknowledged }));
    socket.once('error', reject);
  });
}

describe('GraphQL API: limits that match the cost', () => {
  let stack: TestStack;
  let api: ApiApp;

  beforeAll(async () => {
    stack = await useTestStack();
    api = await startApiApp(stack, {
      providers: [LimitsEchoWorkflow],
      apiKey: KEY,
      maxAliases: 50,
      maxSubscriptionsPerSocket: 3,
      maxConnections: 4,
    });
  });

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  async function exists(id: string): Promise<boolean> {
    try {
      await (await api.client.temporal()).workflow.getHandle(id).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  it('runs at most one mutation per operation by default: two aliased startWorkflow start nothing', async () => {
    const two = await graphql(api.url, `mutation { ${START('a', 'limits-two-a')} ${START('b', 'limits-two-b')} }`, {}, withKey);
    assert.equal(two.status, 400);
    assert.equal(two.errors?.[0].extensions?.code, 'TOO_MANY_MUTATIONS');
    assert.match(
      two.errors![0].message,
      /runs 2 mutations, above the limit of 1 per operation\. Send each mutation in its own request \(the limit is BATON_MAX_MUTATIONS\)/,
    );
    assert.equal(await exists(`limits-two-a-${RUN}`), false);
    assert.equal(await exists(`limits-two-b-${RUN}`), false);

    const viaFragment = await graphql(
      api.url,
      `mutation { ...Starts } fragment Starts on Mutation { ${START('a', 'limits-frag-a')} ${START('b', 'limits-frag-b')} }`,
      {},
      withKey,
    );
    assert.equal(viaFragment.errors?.[0].extensions?.code, 'TOO_MANY_MUTATIONS', 'fragments count too');

    const one = await graphql(api.url, `mutation { ${START('only', 'limits-one')} }`, {}, withKey);
    assert.equal(one.errors, undefined);
    assert.equal(await exists(`limits-one-${RUN}`), true);
  });

  it('refuses more top-level fields or aliases than allowed', async () => {
    const fields = await graphql(
      api.url,
      `{ ${Array.from({ length: 21 }, (_, index) => `w${index}: workflows { name }`).join(' ')} }`,
      {},
      withKey,
    );
    assert.equal(fields.errors?.[0].extensions?.code, 'TOO_MANY_ROOT_FIELDS');
    assert.match(
      fields.errors![0].message,
      /selects 21 top-level fields, above the limit of 20\. Split it into several operations \(the limit is BATON_MAX_ROOT_FIELDS\)/,
    );
    const aliases = Array.from({ length: 51 }, (_, index) => `a${index}: name`).join(' ');
    const aliased = await graphql(api.url, `{ workflows { ${aliases} } }`, {}, withKey);
    assert.equal(aliased.errors?.[0].extensions?.code, 'TOO_MANY_ALIASES');
  });

  it('counts introspection in the complexity: one full introspection passes, 400 aliased __schema do not', async () => {
    const full = await graphql(api.url, getIntrospectionQuery(), {}, withKey);
    assert.equal(full.errors, undefined);
    const bomb = await graphql(
      api.url,
      `{ ${Array.from({ length: 400 }, (_, index) => `s${index}: __schema { types { name fields { name } } }`).join(' ')} }`,
      {},
      withKey,
    );
    assert.equal(bomb.status, 400);
    assert.equal(bomb.data, undefined);
    assert.ok(['TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS'].includes(bomb.errors?.[0].extensions?.code as string));
    // Under the root-field and alias limits, a few words each, but each lists the whole schema.
    const introspections = Array.from({ length: 19 }, (_, index) => `s${index}: __schema { types { name } }`).join(' ');
    const complex = await graphql(api.url, `{ ${introspections} }`, {}, withKey);
    assert.equal(complex.errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');
    assert.match(
      complex.errors![0].message,
      /above the limit of 5000\. Ask for smaller pages \(first\), fewer fields or less introspection/,
    );
  });

  it('caps WebSocket messages at 2 MB before reading the key, and serves messages under it', async () => {
    const huge = JSON.stringify({ type: 'connection_init', payload: { apiKey: 'wrong', padding: 'x'.repeat(3 * 1024 * 1024) } });
    assert.deepEqual(
      await closeAfter(api, huge),
      { code: 1009, acknowledged: false },
      '1009: message too big, before the key check (4403)',
    );
    const large = JSON.stringify({ type: 'connection_init', payload: { apiKey: KEY, padding: 'x'.repeat(1024 * 1024) } });
    assert.deepEqual(await closeAfter(api, large), { code: 1000, acknowledged: true });
  });

  it('caps the operations one socket runs at once; the socket and its subscriptions live on', async () => {
    const client = wsClient(api.url, { apiKey: KEY });
    const subscribe = () =>
      new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: 'subscription { executionsChanged(workflow: "LimitsEcho") { id } }' },
          { next: () => resolve('next'), error: resolve, complete: () => resolve('complete') },
        );
      });
    const live = [subscribe(), subscribe(), subscribe()];
    const refused = (await subscribe()) as { extensions: { code: string }; message: string }[];
    assert.equal(refused[0].extensions.code, 'TOO_MANY_OPERATIONS');
    assert.match(refused[0].message, /already runs 3 operations, the limit per socket.*BATON_MAX_SUBSCRIPTIONS_PER_SOCKET/);
    await graphql(api.url, `mutation { ${START('again', 'limits-after-cap')} }`, {}, withKey);
    assert.deepEqual(await Promise.all(live), ['next', 'next', 'next'], 'the three live subscriptions still deliver');
    await client.dispose();
  });

  it('bounds the number of WebSocket connections: one more gets HTTP 503', async () => {
    const url = `${api.url.replace(/^http/, 'ws')}/graphql`;
    // Earlier tests' sockets close asynchronously: wait until the server holds none.
    const sockets: WebSocket[] = [];
    const open = () =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(url, 'graphql-transport-ws');
        sockets.push(socket);
        socket.once('open', () => resolve(101));
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('error', reject);
      });
    let statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      statuses = [];
      for (let index = 0; index < 5; index++) statuses.push(await open());
      if (statuses.filter((status) => status === 101).length === 4) break;
      for (const socket of sockets.splice(0)) socket.terminate();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(statuses, [101, 101, 101, 101, 503]);
    for (const socket of sockets) socket.terminate();
  });

  it('refuses to pause, resume, change the window of or cancel a closed execution, as the caller’s mistake', async () => {
    const id = `limits-closed-${RUN}`;
    const handle = await api.client.start('LimitsEcho', { items: [1, 2] }, { workflowId: id });
    await handle.result();
    for (const mutation of [
      `pauseExecution(id: "${id}") { id }`,
      `resumeExecution(id: "${id}") { id }`,
      `setConcurrency(id: "${id}", concurrency: 3) { concurrency }`,
      `cancelExecution(id: "${id}") { id }`,
    ]) {
      const refused = await graphql(api.url, `mutation { ${mutation} }`, {}, withKey);
      assert.equal(refused.errors?.[0].extensions?.code, 'CONFLICT', mutation);
      assert.match(
        refused.errors![0].message,
        new RegExp(
          `The execution "${id}" is (completed|closed): only a running execution can be .*\\. Start a new one with startWorkflow\\.`,
        ),
        mutation,
      );
    }
  });
});

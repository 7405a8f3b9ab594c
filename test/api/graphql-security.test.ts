import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { ParallelLoop, Workflow } from '@baton/orchestration';
import { startApiApp, type ApiApp } from '../support/api-app';
import { graphql, wsClient } from '../support/graphql-client';
import { useTestStack, type TestStack } from '../support/test-stack';

@Workflow({ name: 'SecurityEcho' })
@Injectable()
class SecurityEchoWorkflow {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 2, concurrencyFrom: 'concurrency' })
  async echo(item: number): Promise<number> {
    return item;
  }
}

const KEY = 'test-key-0123456789';

describe('GraphQL API: authentication, limits and bad input', () => {
  let stack: TestStack;
  let api: ApiApp;

  beforeAll(async () => {
    stack = await useTestStack();
    api = await startApiApp(stack, { providers: [SecurityEchoWorkflow], apiKey: KEY, maxDepth: 5, production: true });
  });

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  const withKey = { 'x-api-key': KEY };

  it('refuses HTTP operations without the key or with a wrong one, and serves them with it', async () => {
    const missing = await graphql(api.url, '{ workflows { name } }');
    assert.equal(missing.status, 401);
    assert.equal(missing.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    const wrong = await graphql(api.url, '{ workflows { name } }', {}, { 'x-api-key': 'nope' });
    assert.equal(wrong.status, 401);
    const bearer = await graphql<{ workflows: { name: string }[] }>(
      api.url,
      '{ workflows { name } }',
      {},
      { authorization: `Bearer ${KEY}` },
    );
    assert.deepEqual(
      bearer.data?.workflows.map((workflow) => workflow.name),
      ['SecurityEcho'],
    );
  });

  it('refuses WebSocket connections without the key or with a wrong one, and accepts the right one', async () => {
    for (const params of [undefined, { apiKey: 'nope' }]) {
      const client = wsClient(api.url, params);
      const closed = await new Promise<{ code: number }>((resolve) => {
        client.on('closed', (event) => resolve(event as { code: number }));
        client.subscribe({ query: 'subscription { executionsChanged { id } }' }, { next: () => {}, error: () => {}, complete: () => {} });
      });
      assert.equal(closed.code, 4403, `connection with ${JSON.stringify(params)} is forbidden`);
      await client.dispose();
    }
    const client = wsClient(api.url, { apiKey: KEY });
    const connected = await new Promise<boolean>((resolve) => {
      client.on('connected', () => resolve(true));
      client.on('closed', () => resolve(false));
      client.subscribe({ query: 'subscription { executionsChanged { id } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    assert.equal(connected, true);
    await client.dispose();
  });

  it('refuses a query deeper than the limit', async () => {
    const deep =
      '{ workflows { steps { loop { child { workflowType } } } graph { nodes { id } } } executions { nodes { progress { total } } } }';
    const ok = await graphql(api.url, deep, {}, withKey);
    assert.equal(ok.errors, undefined);
    const tooDeep = '{ executions { edges { node { items { edges { node { key } } } } } } }';
    const refused = await graphql(api.url, tooDeep, {}, withKey);
    assert.equal(refused.status, 400);
    assert.equal(refused.errors?.[0].extensions?.code, 'QUERY_TOO_DEEP');
    assert.match(refused.errors![0].message, /exceeds maximum operation depth of 5/);
  });

  it('refuses an operation above the complexity limit, over HTTP and over WebSocket', async () => {
    const refused = await graphql(
      api.url,
      '{ executions(first: 500) { nodes { items(first: 500) { nodes { key status error } } } } }',
      {},
      withKey,
    );
    assert.equal(refused.status, 400);
    assert.equal(refused.errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');

    const client = wsClient(api.url, { apiKey: KEY });
    const error = await new Promise<unknown>((resolve) => {
      client.subscribe(
        {
          query:
            'subscription { executionsChanged { items(first: 500) { nodes { step index key status attempts startedAt finishedAt ' +
            'durationMs error blockedBy preview outputPreview } } } }',
        },
        { next: () => resolve(undefined), error: resolve, complete: () => resolve(undefined) },
      );
    });
    await client.dispose();
    assert.ok(Array.isArray(error), 'the subscription is refused with GraphQL errors');
    assert.equal((error as { extensions: { code: string } }[])[0].extensions.code, 'QUERY_TOO_COMPLEX');
  });

  it('refuses cross-site requests that could skip the CORS preflight (CSRF prevention)', async () => {
    const response = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ workflows { name } }')}`, { headers: withKey });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /CSRF/i);
  });

  it('answers each bad input with a clear error and keeps serving', async () => {
    const start = 'mutation($name: String!, $input: JSON) { startWorkflow(name: $name, input: $input) { id } }';
    const unknown = await graphql(api.url, start, { name: 'Nope', input: {} }, withKey);
    assert.equal(unknown.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(unknown.errors![0].message, /No workflow is named "Nope"\. Known workflows: "SecurityEcho"/);

    const notArray = await graphql(api.url, start, { name: 'SecurityEcho', input: { items: 'x' } }, withKey);
    assert.equal(notArray.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(
      notArray.errors![0].message,
      /loop step "echo" needs an array to loop over, but the workflow input at "items" is a string \("x"\)/,
    );

    const zero = await graphql(api.url, start, { name: 'SecurityEcho', input: { items: [1], concurrency: 0 } }, withKey);
    assert.equal(zero.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(
      zero.errors![0].message,
      /the input property "concurrency", which must be an integer from 1 to 1000, but it is a number \(0\)/,
    );

    const setZero = await graphql(
      api.url,
      'mutation { setConcurrency(id: "missing-execution", concurrency: 0) { concurrency } }',
      {},
      withKey,
    );
    assert.ok(['BAD_USER_INPUT', 'NOT_FOUND'].includes(setZero.errors?.[0].extensions?.code as string));

    const cancelUnknown = await graphql(api.url, 'mutation { cancelExecution(id: "missing-execution") { id } }', {}, withKey);
    assert.equal(cancelUnknown.errors?.[0].extensions?.code, 'NOT_FOUND');
    assert.match(cancelUnknown.errors![0].message, /No execution has the id "missing-execution"/);

    const badCursor = await graphql(api.url, '{ executions(after: "zzz") { nodes { id } } }', {}, withKey);
    assert.equal(badCursor.errors?.[0].extensions?.code, 'BAD_USER_INPUT');

    const started = await graphql<{ startWorkflow: { id: string } }>(
      api.url,
      start,
      { name: 'SecurityEcho', input: { items: [1, 2, 3] } },
      withKey,
    );
    assert.equal(started.errors, undefined, 'the server still serves');
    assert.ok(started.data?.startWorkflow.id.startsWith('SecurityEcho-'));
  });

  it('hides internal errors and stack traces in production', async () => {
    const empty = await graphql(api.url, '{ execution(id: "") { id } }', {}, withKey);
    assert.deepEqual(empty.data, { execution: null });
    const invalid = await graphql(api.url, '{ executions(first: 0) { nodes { id } } }', {}, withKey);
    assert.equal(invalid.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(invalid.errors?.[0].extensions?.stacktrace, undefined);
    const raw = await (
      await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...withKey },
        body: '{"query": "{ nope }"}',
      })
    ).text();
    assert.doesNotMatch(raw, /at .*\.js:\d+/);
  });
});

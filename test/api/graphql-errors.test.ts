import { Injectable } from '@nestjs/common';
import { auditServer } from 'graphql-http';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Step, Workflow } from '@baton/orchestration';
import { startApiApp, type ApiApp } from '../support/api-app';
import { graphql, wsClient } from '../support/graphql-client';
import { useTestStack, type TestStack } from '../support/test-stack';

@Workflow({ name: 'ErrorsEcho' })
@Injectable()
class ErrorsEchoWorkflow {
  @Step()
  async echo(): Promise<string> {
    return 'done';
  }
}

const LEGACY_JSON = { accept: 'application/json' };
const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };

/** Every subscription message of one operation on a socket, until it ends. */
function outcome(
  client: ReturnType<typeof wsClient>,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown }> {
  return new Promise((resolve) => {
    client.subscribe(
      { query, variables },
      { next: (value) => resolve(value as never), error: (errors) => resolve({ errors: errors as never }), complete: () => {} },
    );
  });
}

describe('GraphQL API: errors a client can act on', () => {
  let stack: TestStack;
  let api: ApiApp;

  beforeAll(async () => {
    stack = await useTestStack();
    api = await startApiApp(stack, { providers: [ErrorsEchoWorkflow], production: true });
  });

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  it('passes the GraphQL-over-HTTP audit (graphql-http) with no warning and no error', async () => {
    const results = await auditServer({ url: `${api.url}/graphql` });
    const failed = results.filter((result) => result.status === 'warn' || result.status === 'error');
    assert.deepEqual(
      failed.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`),
      [],
    );
    // The three the API used to miss: 200 for request errors when the client accepts application/json.
    for (const id of ['572B', 'FDE2', '7B9B']) assert.equal(results.find((result) => result.id === id)?.status, 'ok', id);
  });

  it('answers a variable that does not coerce with BAD_USER_INPUT: 200 for application/json, 400 for graphql-response+json', async () => {
    const query = 'query($first: Int) { executions(first: $first) { nodes { id } } }';
    const legacy = await graphql(api.url, query, { first: 'abc' }, LEGACY_JSON);
    assert.equal(legacy.status, 200);
    assert.equal(legacy.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(legacy.errors![0].message, /Variable "\$first" got invalid value "abc"; Int cannot represent non-integer value/);
    const modern = await graphql(api.url, query, { first: 'abc' }, GRAPHQL_RESPONSE);
    assert.equal(modern.status, 400);
    assert.equal(modern.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  });

  it('answers parse and validation failures with their codes, never a server error', async () => {
    for (const [headers, status] of [
      [LEGACY_JSON, 200],
      [GRAPHQL_RESPONSE, 400],
    ] as const) {
      const syntax = await graphql(api.url, '{ workflows {', {}, headers);
      assert.equal(syntax.status, status);
      assert.equal(syntax.errors?.[0].extensions?.code, 'GRAPHQL_PARSE_FAILED');
      const unknown = await graphql(api.url, '{ nope }', {}, headers);
      assert.equal(unknown.status, status);
      assert.equal(unknown.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('refuses a date that is not RFC 3339 as the caller’s mistake', async () => {
    const query = 'query($after: DateTime) { executions(filter: { startedAfter: $after }) { nodes { id } } }';
    const variable = await graphql(api.url, query, { after: 'yesterday' });
    assert.equal(variable.status, 400);
    assert.equal(variable.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(variable.errors![0].message, /DateTime cannot represent an invalid date-time-string yesterday/);
    const literal = await graphql(api.url, '{ executions(filter: { startedAfter: "2024-13-45T00:00:00Z" }) { nodes { id } } }');
    assert.equal(literal.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    const good = await graphql(api.url, query, { after: '2024-01-01T00:00:00Z' });
    assert.equal(good.errors, undefined);
  });

  it('refuses ids and strings holding a NUL character, and ids no execution can have, with a clear message', async () => {
    const literal = await graphql(api.url, '{ execution(id: "a\\u0000b") { id } }');
    assert.equal(literal.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(literal.errors![0].message, /holds the NUL character .* Remove it\./);
    const variable = await graphql(api.url, 'mutation($id: ID!) { pauseExecution(id: $id) { id } }', { id: 'a\u0000b' });
    assert.equal(variable.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(variable.errors![0].message, /The variable "\$id" holds the NUL character/);
    const input = await graphql(api.url, 'mutation($input: JSON) { startWorkflow(name: "ErrorsEcho", input: $input) { id } }', {
      input: { deep: ['x\u0000'] },
    });
    assert.equal(input.errors?.[0].extensions?.code, 'BAD_USER_INPUT');

    const long = 'x'.repeat(1001);
    assert.deepEqual((await graphql(api.url, 'query($id: ID!) { execution(id: $id) { id } }', { id: long })).data, { execution: null });
    const startLong = await graphql(api.url, 'mutation($id: String) { startWorkflow(name: "ErrorsEcho", id: $id) { id } }', { id: long });
    assert.equal(startLong.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(startLong.errors![0].message, /has 1001 characters: an execution id has 1 to 1000 characters/);
  });

  it('answers a bad operation over graphql-ws with an error for its id, and the socket’s other subscriptions live on', async () => {
    const client = wsClient(api.url);
    const changes: string[] = [];
    const live = new Promise<void>((resolve, reject) => {
      client.subscribe<{ executionsChanged: { id: string } }>(
        { query: 'subscription { executionsChanged(workflow: "ErrorsEcho") { id } }' },
        {
          next: (value) => (changes.push(value.data!.executionsChanged.id), resolve()),
          error: reject,
          complete: () => reject(new Error('the live subscription completed')),
        },
      );
    });
    let closed: number | undefined;
    client.on('closed', (event) => (closed = (event as { code: number }).code));

    const syntax = await outcome(client, 'subscription { executionsChanged {');
    assert.equal(syntax.errors?.[0].extensions?.code, 'GRAPHQL_PARSE_FAILED');
    const invalid = await outcome(client, 'subscription { nope }');
    assert.equal(invalid.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    const coercion = await outcome(client, 'query($first: Int) { executions(first: $first) { nodes { id } } }', { first: 'abc' });
    assert.equal(coercion.errors?.[0].extensions?.code, 'BAD_USER_INPUT');

    const started = await outcome(client, 'mutation { startWorkflow(name: "ErrorsEcho") { id } }');
    const id = (started.data as { startWorkflow: { id: string } }).startWorkflow.id;
    await live;
    assert.ok(changes.includes(id), 'the live subscription still delivers after the bad operations');
    assert.equal(closed, undefined, 'the socket stayed open');
    await client.dispose();
  });
});

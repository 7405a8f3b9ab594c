import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createClient } from 'graphql-ws';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { startApiApp, type ApiApp } from '../support/api-app';
import { useTestStack, type TestStack } from '../support/test-stack';

const KEY = 'origin-test-key-0123456789';
const EVIL = 'http://evil.example';
const ALLOWED = 'http://tools.example';

/** The status of a WebSocket upgrade to the API from a page at `origin` (101 when it became a socket). */
function upgradeStatus(api: ApiApp, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(
      `${api.url.replace(/^http/, 'ws')}/graphql`,
      'graphql-transport-ws',
      origin === undefined ? {} : { origin },
    );
    socket.once('upgrade', (response) => {
      resolve(response.statusCode ?? 0);
      socket.close();
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.once('error', reject);
  });
}

/** Subscribes from a page at `origin` and resolves with the first result, or rejects with how it ended. */
function firstResultFrom(api: ApiApp, origin: string, connectionParams?: Record<string, unknown>): Promise<unknown> {
  class PageWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { origin });
    }
  }
  const client = createClient({
    url: `${api.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: PageWebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
  return new Promise<unknown>((resolve, reject) => {
    client.subscribe(
      { query: '{ workflows { name } }' },
      {
        next: (value) => resolve(value),
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => {},
      },
    );
  }).finally(() => client.dispose());
}

function post(api: ApiApp, headers: Record<string, string>): Promise<Response> {
  return fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ workflows { name } }' }),
  });
}

/**
 * The status of a raw request to /graphql with the given headers, `Host` included (fetch cannot set it); with
 * `upgrade`, a WebSocket handshake (101 when it became a socket).
 */
function rawStatus(api: ApiApp, method: 'GET' | 'POST', headers: Record<string, string>, upgrade = false): Promise<number> {
  const { port } = new URL(api.url);
  const handshake = upgrade
    ? {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-protocol': 'graphql-transport-ws',
      }
    : {};
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path: `/graphql?query=${encodeURIComponent('{ workflows { name } }')}`,
      method,
      headers: { 'apollo-require-preflight': 'true', ...handshake, ...headers },
    });
    request.once('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('error', reject);
    request.end();
  });
}

describe('Origins: one rule for HTTP and the WebSocket upgrade', () => {
  let stack: TestStack;
  let open: ApiApp;
  let keyed: ApiApp;

  beforeAll(async () => {
    stack = await useTestStack();
    open = await startApiApp(stack, { runWorker: false });
    keyed = await startApiApp(stack, { runWorker: false, apiKey: KEY, corsOrigins: [ALLOWED] });
  });

  afterAll(async () => {
    await open?.close();
    await keyed?.close();
    await stack?.stop();
  });

  it('refuses a WebSocket upgrade from another origin with HTTP 403, with and without an API key', async () => {
    assert.equal(await upgradeStatus(open, EVIL), 403);
    assert.equal(await upgradeStatus(keyed, EVIL), 403);
    assert.equal(await upgradeStatus(open, 'null'), 403, 'a sandboxed page or a file has the origin "null"');
    const response = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`${open.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { origin: EVIL });
      socket.once('unexpected-response', (_request, reply) => {
        let body = '';
        reply.on('data', (chunk: Buffer) => (body += chunk.toString()));
        reply.on('end', () => resolve(body));
      });
      socket.once('error', () => {});
    });
    assert.match(response, /origin "http:\/\/evil\.example" are refused.*Add the origin to BATON_CORS_ORIGINS/);
  });

  it('serves the API’s own origin, the configured origins, and programs that send no origin over WebSocket', async () => {
    assert.equal(await upgradeStatus(open, open.url), 101, 'same origin');
    assert.equal(await upgradeStatus(open, undefined), 101, 'no Origin header: not a browser page');
    assert.equal(await upgradeStatus(keyed, ALLOWED), 101, 'an origin of BATON_CORS_ORIGINS');
    assert.equal(await upgradeStatus(open, ALLOWED), 403, 'BATON_CORS_ORIGINS of another instance does not apply');
    assert.deepEqual(await firstResultFrom(open, open.url), { data: { workflows: [] } });
    assert.deepEqual(await firstResultFrom(keyed, ALLOWED, { apiKey: KEY }), { data: { workflows: [] } });
  });

  it('refuses HTTP requests from another origin with 403 before GraphQL reads them, and serves the allowed ones', async () => {
    const evil = await post(open, { origin: EVIL });
    assert.equal(evil.status, 403);
    assert.match(await evil.text(), /BATON_CORS_ORIGINS/);
    assert.equal((await post(keyed, { origin: EVIL, 'x-api-key': KEY })).status, 403, 'the right key does not let another origin in');

    const same = await post(open, { origin: open.url });
    assert.equal(same.status, 200);
    const allowed = await post(keyed, { origin: ALLOWED, 'x-api-key': KEY });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);

    const preflight = await fetch(`${keyed.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  it('without an API key, refuses hosts that are not this machine’s own names (DNS rebinding), over HTTP and WebSocket', async () => {
    const port = new URL(open.url).port;
    const rebound = `rebind.example:${port}`;
    // A page on a name the attacker points at 127.0.0.1 is "same origin" with its own Host; same-origin GETs carry no Origin.
    assert.equal(await rawStatus(open, 'GET', { host: rebound }), 403, 'a same-origin GET from the rebound page');
    assert.equal(
      await rawStatus(open, 'POST', { host: rebound, origin: `http://${rebound}` }),
      403,
      'a same-origin POST from the rebound page',
    );
    assert.equal(
      await rawStatus(open, 'GET', { host: rebound, origin: `http://${rebound}` }, true),
      403,
      'a WebSocket from the rebound page',
    );
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`]) {
      assert.equal(await rawStatus(open, 'GET', { host }), 200, `${host} is this machine`);
      assert.equal(await rawStatus(open, 'GET', { host, origin: `http://${host}` }, true), 101, `WebSocket on ${host}`);
    }
    // With a key, a rebound page cannot present it; the host is then not what protects the API.
    assert.equal(await rawStatus(keyed, 'GET', { host: rebound, 'x-api-key': KEY }), 200);
    assert.equal(await rawStatus(keyed, 'GET', { host: rebound }), 401);
  });
});

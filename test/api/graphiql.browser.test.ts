import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebModule, type WebModuleOptions } from '../../apps/api/src/web/web.module';
import { ParallelLoop, Workflow } from '@baton/orchestration';
import { startApiApp, type ApiApp } from '../support/api-app';
import { launchChromium } from '../support/chromium';
import { useTestStack, type TestStack } from '../support/test-stack';

/** Eight items one at a time: a couple of seconds of progress records for the subscription to stream. */
@Workflow({ name: 'GraphiqlTicker' })
@Injectable()
class GraphiqlTickerWorkflow {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 1 })
  async tick(item: number): Promise<number> {
    await sleep(300);
    return item;
  }
}

const KEY = 'graphiql-test-key-0123456789';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLocal(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'data:' || parsed.protocol === 'blob:' || LOCAL_HOSTS.has(parsed.hostname);
}

/** Everything the browser asked for (pages, assets, workers, fetches, WebSockets), and what was blocked. */
interface Traffic {
  requests: string[];
  blocked: string[];
  errors: string[];
}

async function recordTraffic(context: BrowserContext, page: Page): Promise<Traffic> {
  const traffic: Traffic = { requests: [], blocked: [], errors: [] };
  context.on('request', (request) => traffic.requests.push(request.url()));
  page.on('websocket', (socket) => traffic.requests.push(socket.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') traffic.errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => traffic.errors.push(`page error: ${error.message}`));
  page.on('worker', (worker) =>
    worker.on('console', (message) => message.type() === 'error' && traffic.errors.push(`worker console: ${message.text()}`)),
  );
  // Chromium already resolves no host but localhost (CHROMIUM_ARGS); anything else is also refused here.
  await context.route(
    (url) => !isLocal(url.href),
    async (route) => {
      traffic.blocked.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  await context.routeWebSocket(
    (url) => !isLocal(url.href),
    async (socket) => {
      traffic.blocked.push(socket.url());
      await socket.close();
    },
  );
  return traffic;
}

/** Monaco wraps long lines anywhere and renders spaces as nbsp: compare editor texts without whitespace. */
function compact(text: string): string {
  return text.replace(/\s/g, '');
}

async function monacoText(page: Page, container: string): Promise<string> {
  return compact((await page.locator(`${container} .view-lines`).first().textContent()) ?? '');
}

const responseText = (page: Page) => monacoText(page, '.graphiql-response');
const editorText = (page: Page) => monacoText(page, '.graphiql-query-editor');

/** Reads `read()` every 50 ms until `done(value)`; returns the last value, or fails after `timeoutMs` showing it. */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, onValue?: (value: T) => void): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    onValue?.(value);
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Still waiting after ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/**
 * Replaces the operation editor's text as a user would (select all, delete, type). GraphiQL re-parses the
 * operation 100 ms after the last edit and picks HTTP or WebSocket from that parse, so wait past it before running.
 */
async function setOperation(page: Page, text: string): Promise<void> {
  await page.locator('.graphiql-query-editor .monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(text);
  const expected = compact(text);
  await poll(
    () => editorText(page),
    (current) => current === expected,
    5_000,
  );
  await sleep(300);
}

function run(page: Page): Promise<void> {
  return page.getByRole('button', { name: /Execute query/ }).click();
}

describe('GraphiQL at /graphiql, offline, in Chromium', () => {
  let stack: TestStack;
  let api: ApiApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: Traffic;

  beforeAll(async () => {
    stack = await useTestStack();
    // Both at once; whichever started is kept for after() to close even when the other failed.
    const [started, launched] = await Promise.allSettled([
      startApiApp(stack, { graphiql: true, apiKey: KEY, providers: [GraphiqlTickerWorkflow] }),
      launchChromium(),
    ]);
    if (started.status === 'fulfilled') api = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
    const probe = await fetch(`${api.url}/graphiql`);
    if (probe.status !== 200) throw new Error(`GET /graphiql answered ${probe.status}: ${await probe.text()}`);
    context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    traffic = await recordTraffic(context, page);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await stack?.stop();
  });

  it('serves the page and its hashed assets with the right types and caching, and nothing outside the bundle', async () => {
    const pageResponse = await fetch(`${api.url}/graphiql`);
    assert.match(pageResponse.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(pageResponse.headers.get('cache-control'), 'no-cache');
    assert.match(pageResponse.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await pageResponse.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    assert.equal(assets.length, 2, `a script and a stylesheet in ${html}`);
    for (const asset of assets) {
      const response = await fetch(`${api.url}${asset}`);
      assert.equal(response.status, 200, asset);
      assert.match(asset, /-[A-Z0-9]{8}\.(js|css)$/, 'content-hashed name');
      assert.match(response.headers.get('content-type') ?? '', asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      assert.match(response.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
      await response.arrayBuffer();
    }
    for (const path of ['manifest.json', '..%2Fmanifest.json', '..%2F..%2Fpackage.json', '%2Fetc%2Fpasswd', '.hidden', 'nope.js']) {
      const response = await fetch(`${api.url}/assets/${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('cache-control'), 'no-store', path);
    }
  });

  // The API requires the key (HTTP 401, WebSocket close 4403 without it): every result below proves the page sent it.
  it('loads GraphiQL, takes the API key from the address, and shows the schema', async () => {
    await page.goto(`${api.url}/graphiql?apiKey=${KEY}`);
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
    assert.equal(new URL(page.url()).search, '', 'the key leaves the address bar');
    assert.equal(await page.evaluate<string | null>("localStorage.getItem('baton.apiKey')"), KEY);

    // The schema comes from introspection, which needs the key: the docs list the API's root types.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Subscription').first().waitFor();
    await docs.getByText('Query', { exact: true }).first().click();
    await docs.getByText('executionProgress').or(docs.getByText('workflows')).first().waitFor();
    assert.match(await docs.innerText(), /workflows/);
  });

  it('runs the default query, and a query typed in, over HTTP and shows the results', async () => {
    // A fresh browser shows the default query (apps/api/graphiql/graphiql.entry.mjs): it must stay valid for the schema.
    assert.match(await editorText(page), /executions\(first:5\)/);
    await run(page);
    const first = await poll(
      () => responseText(page),
      (text) => text.includes('"data"') || text.includes('"errors"'),
      10_000,
    );
    assert.ok(!first.includes('"errors"'), first);
    assert.match(first, /"workflows":\[\{"name":"GraphiqlTicker"/);
    assert.match(first, /"executions":\{"nodes":\[/);

    await setOperation(page, '{ workflows { name taskQueue hash } }');
    await run(page);
    const text = await poll(
      () => responseText(page),
      (current) => current.includes('"hash"'),
      10_000,
    );
    assert.ok(text.includes(`{"name":"GraphiqlTicker","taskQueue":"${api.taskQueue}","hash":"`), text);
  });

  it('streams a subscription over graphql-ws into the response pane', async () => {
    const handle = await api.client.start('GraphiqlTicker', { items: [1, 2, 3, 4, 5, 6, 7, 8] });
    await setOperation(page, `subscription { executionProgress(id: "${handle.workflowId}") { completed total closed } }`);
    await run(page);
    // Every distinct text the pane shows until the execution closes (updates come ~300 ms apart).
    const responses: string[] = [];
    await poll(
      () => responseText(page),
      (text) => text.includes('"closed":true'),
      20_000,
      (text) => text !== '' && text !== responses.at(-1) && responses.push(text),
    );
    const progress = responses.filter((text) => text.includes('"executionProgress"'));
    assert.ok(progress.length >= 2, `at least two results streamed into the pane: ${JSON.stringify(responses)}`);
    const completed = progress.map((text) => Number(/"completed":(\d+)/.exec(text)?.[1]));
    assert.deepEqual(
      completed,
      [...completed].sort((a, b) => a - b),
      'completed only grows',
    );
    assert.equal(completed.at(-1), 8);
    assert.ok(
      traffic.requests.some((url) => url.startsWith(`${api.url.replace(/^http/, 'ws')}/graphql`)),
      'the subscription went over WebSocket',
    );
  });

  it('made no request beyond this server and logged no errors', async () => {
    assert.ok(
      traffic.requests.some((url) => /\/assets\/graphql\.worker-/.test(url)),
      `the monaco workers load from this server: ${traffic.requests.join(', ')}`,
    );
    assert.deepEqual(
      traffic.requests.filter((url) => !isLocal(url)),
      [],
      'every request stays on localhost',
    );
    assert.deepEqual(traffic.blocked, []);
    assert.deepEqual(traffic.errors, []);

    // The recorder is not blind: a request to the internet from a blank page of the same context is seen and refused.
    const probe = await context.newPage();
    const outcome = await probe.evaluate<string>("fetch('https://cdn.jsdelivr.net/npm/graphiql').then(() => 'fetched', () => 'refused')");
    await probe.close();
    assert.equal(outcome, 'refused');
    assert.deepEqual(traffic.blocked, ['https://cdn.jsdelivr.net/npm/graphiql']);
  });
});

describe('WebModule without a bundle, or disabled', () => {
  async function serve(options: WebModuleOptions): Promise<{ url: string; close(): Promise<void> }> {
    @Module({ imports: [WebModule.register(options)] })
    class GraphiqlOnlyModule {}
    const app = await NestFactory.create(GraphiqlOnlyModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  }

  it('answers 503 with the fix when the bundle was never built', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'baton-graphiql-'));
    const server = await serve({ graphiql: true, dashboard: true, assetsDir: empty });
    try {
      const response = await fetch(`${server.url}/graphiql`);
      assert.equal(response.status, 503);
      assert.match(await response.text(), /run `npm run build`/i);
      assert.equal((await fetch(`${server.url}/`)).status, 503, 'the dashboard says the same');
      assert.equal((await fetch(`${server.url}/assets/graphiql.js`)).status, 404);
    } finally {
      await server.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('registers no route when disabled', async () => {
    const server = await serve({ graphiql: false, dashboard: false });
    try {
      for (const path of ['/graphiql', '/', '/executions/x', '/assets/manifest.json'])
        assert.equal((await fetch(`${server.url}${path}`)).status, 404, path);
    } finally {
      await server.close();
    }
  });
});

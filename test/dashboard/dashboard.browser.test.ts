import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { ParallelLoop, Step, Workflow, type ChildLoop } from '@baton/orchestration';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PACKAGE_BUILDER_PROVIDERS, packageLogPath, WorkspaceRoots } from '@baton/package-builder';
import { discoverWorkspace } from '@baton/package-builder/workspace';
import { STATUS_COLOURS, type DisplayStatus } from '../../apps/api/dashboard/status.colours';
import { startApiApp, type ApiApp } from '../support/api-app';
import { launchChromium } from '../support/chromium';
import { graphqlData } from '../support/graphql-client';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { REPO_ROOT } from '../support/repository';
import { useTestStack, type TestStack } from '../support/test-stack';

/** Twenty short items two at a time: several seconds to pause, resume and cancel from the page. */
@Workflow({ name: 'DashboardTicker' })
@Injectable()
class DashboardTickerWorkflow {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 2 })
  async tick(item: number): Promise<number> {
    await sleep(400);
    return item;
  }
}

/** One shipment, run as a child workflow of DashboardShipAll. */
@Workflow({ name: 'DashboardShipOne' })
@Injectable()
class DashboardShipOneWorkflow {
  @Step()
  async ship(shipment: { id: string }): Promise<string> {
    return `shipped ${shipment.id}`;
  }
}

@Workflow({ name: 'DashboardShipAll' })
@Injectable()
class DashboardShipAllWorkflow {
  @ParallelLoop({ over: { input: 'shipments' }, concurrency: 2, key: 'id', child: DashboardShipOneWorkflow })
  readonly shipEach!: ChildLoop;
}

/** A plan too large to draw: items in chains of ten (`n<i>` waits for `n<i-1>` within a chain). */
@Workflow({ name: 'DashboardChains' })
@Injectable()
class DashboardChainsWorkflow {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 8, key: 'id', dependsOn: 'after' })
  async link(item: { id: string }): Promise<string> {
    await sleep(20);
    return item.id;
  }
}

/** Never started: its expected speedup stays unknown, whatever the database holds. */
@Workflow({ name: 'DashboardNeverRun' })
@Injectable()
class DashboardNeverRunWorkflow {
  @ParallelLoop({ over: { input: 'items' }, concurrency: 2 })
  async wait(item: number): Promise<number> {
    return item;
  }
}

const CHAIN_ITEMS = 3000;
const KEY = 'dashboard-test-key-0123456789';
/** The Temporal UI the API links to (the embedded server's in `npm start`; never requested by the test). */
const TEMPORAL_UI = 'http://127.0.0.1:8233';
const STEERED = `query($id: ID!) { execution(id: $id) { status progress { paused } } }`;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Every run's screenshots (not committed); docs/dashboard holds the ones docs/dashboard.md shows. */
const SCREENSHOTS = join(REPO_ROOT, 'bench', 'results', 'dashboard');
/** The long lists (items, per-package durations, children) left out of the execution screenshots, to keep them small. */
const SHOT_STYLE = '.items, table.durations, .children { display: none; }';
const START = `mutation($input: JSON) { startWorkflow(name: "PackageBuilder", input: $input) { id } }`;
const GRAPH = `query($id: ID!) { execution(id: $id) { graph { nodes { id kind } edges { from to } } report } }`;

function isLocal(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'data:' || parsed.protocol === 'blob:' || LOCAL_HOSTS.has(parsed.hostname);
}

interface NodeBox {
  key: string;
  status: string;
  fill: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Bar {
  key: string;
  lane: number;
  start: number;
  end: number;
}

interface Snapshot {
  nodes: NodeBox[];
  bars: Bar[];
  /** What each idle stretch of a lane waited for. */
  gaps: string[];
  simulatedEta: string;
  status: string;
  percent: string;
  completed: string;
  eta: string;
}

/**
 * What the execution page draws now: the graph's node boxes (screen coordinates), the lane bars, the header's figures.
 * A string evaluated in the page, since the tests compile without the DOM's types.
 */
const SNAPSHOT = `(() => {
  const nodes = [...document.querySelectorAll('svg.graph g.node')].map((node) => {
    const rect = node.querySelector('rect');
    const box = rect.getBoundingClientRect();
    return { key: node.dataset.key, status: node.dataset.status, fill: rect.getAttribute('fill'),
      x: box.x, y: box.y, width: box.width, height: box.height };
  });
  const bars = [...document.querySelectorAll('svg.lanes rect.lane-bar')].map((bar) => ({
    key: bar.dataset.key, lane: Number(bar.dataset.lane), start: Number(bar.dataset.start), end: Number(bar.dataset.end),
  }));
  const gaps = [...document.querySelectorAll('svg.lanes g.lane-gap')].map((gap) => gap.dataset.wait);
  const figure = (name) => document.querySelector('[data-figure="' + name + '"]')?.textContent ?? '';
  const status = document.querySelector('.execution .header .chip')?.getAttribute('data-status') ?? '';
  return { nodes, bars, gaps, status, percent: figure('percent'), completed: figure('completed'), eta: figure('eta'),
    simulatedEta: figure('simulated-eta') };
})()`;

const snapshot = (page: Page) => page.evaluate<Snapshot>(SNAPSHOT);

const CRITICAL_KEYS = `[...document.querySelectorAll('svg.graph g.node[data-critical="true"]')].map((node) => node.dataset.key)`;

/**
 * Reads `read()` every 100 ms until `done(value)` or `timeoutMs`; returns the last value either way. (Not
 * page.waitForFunction: a string predicate needs eval, which the page's policy refuses.)
 */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

function assertLanes(bars: Bar[], window: number): void {
  assert.ok(
    bars.every((bar) => bar.lane >= 0 && bar.lane < window),
    `lanes within the window of ${window}: ${JSON.stringify(bars)}`,
  );
  for (let lane = 0; lane < window; lane++) {
    const inLane = bars.filter((bar) => bar.lane === lane).sort((a, b) => a.start - b.start);
    for (let index = 1; index < inLane.length; index++) {
      assert.ok(
        inLane[index].start >= inLane[index - 1].end,
        `${JSON.stringify(inLane[index - 1])} and ${JSON.stringify(inLane[index])} overlap in lane ${lane}; all: ${JSON.stringify(bars)}`,
      );
    }
  }
}

function overlaps(a: NodeBox, b: NodeBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('The dashboard, offline, in Chromium, watching PackageBuilder', () => {
  let stack: TestStack;
  let api: ApiApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let fixtures: string;
  const requests: string[] = [];
  const blocked: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    fixtures = copyPackageBuilderFixtures('baton-dashboard-fixtures-');
    stack = await useTestStack();
    const [started, launched] = await Promise.allSettled([
      startApiApp(stack, {
        dashboard: true,
        apiKey: KEY,
        temporalUi: { url: TEMPORAL_UI, namespace: stack.namespace },
        providers: [
          DashboardTickerWorkflow,
          DashboardShipOneWorkflow,
          DashboardShipAllWorkflow,
          DashboardChainsWorkflow,
          DashboardNeverRunWorkflow,
          ...PACKAGE_BUILDER_PROVIDERS,
          { provide: WorkspaceRoots, useValue: WorkspaceRoots.fromEnvironment({ BATON_WORKSPACE_ROOTS: fixtures }) },
        ],
      }),
      launchChromium(),
    ]);
    if (started.status === 'fulfilled') api = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const outcome of [started, launched]) if (outcome.status === 'rejected') throw outcome.reason;
    context = await browser.newContext({ viewport: { width: 1800, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    context.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (socket) => requests.push(socket.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    await context.route(
      (url) => !isLocal(url.href),
      async (route) => {
        blocked.push(route.request().url());
        await route.abort('blockedbyclient');
      },
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await stack?.stop();
  });

  it('serves one page for every dashboard path, with its policy, sharing the bundle with GraphiQL', async () => {
    for (const path of ['/', '/executions/anything', '/workflows/PackageBuilder']) {
      const response = await fetch(`${api.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'.*connect-src 'self'/);
      assert.match(await response.text(), /<script type="module" src="\/assets\/dashboard-[A-Z0-9]{8}\.js">/);
    }
  });

  it('shows nothing but the key prompt until the API key is entered', async () => {
    await page.goto(`${api.url}/`);
    await page.locator('form.key-form').waitFor();
    assert.equal(await page.locator('table, svg, .execution').count(), 0, 'no data before the key');
    assert.doesNotMatch(await page.locator('#dashboard').innerText(), /Executions|PackageBuilder/);

    await page.locator('input[name=key]').fill('wrong-key');
    await page.getByRole('button', { name: 'Open the dashboard' }).click();
    await page.getByText('The API refused that key.').waitFor();
    assert.equal(await page.locator('table').count(), 0);

    await page.locator('input[name=key]').fill(KEY);
    await page.getByRole('button', { name: 'Open the dashboard' }).click();
    await page.locator('table.executions').waitFor();
    assert.equal(await page.evaluate<string | null>("localStorage.getItem('baton.apiKey')"), KEY);
  });

  it('lists a new execution without reload, then draws its graph and lanes live until it completes', async () => {
    const monorepo = join(fixtures, 'monorepo');
    const workspace = await discoverWorkspace(monorepo);
    const headers = { 'x-api-key': KEY };
    const { startWorkflow } = await graphqlData<{ startWorkflow: { id: string } }>(
      api.url,
      START,
      { input: { workspace: monorepo, concurrency: 4 } },
      headers,
    );
    const id = startWorkflow.id;

    const row = page.locator(`tr[data-id="${id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'executions.png') });
    await row.getByRole('link', { name: id }).click();
    await page.locator('svg.graph g.node').first().waitFor({ timeout: 15_000 });
    assert.equal(new URL(page.url()).pathname, `/executions/${encodeURIComponent(id)}`);

    // Watch it run: every sample keeps the lanes within the window; the ETA shows while it runs.
    let sample = await snapshot(page);
    let sawEta = false;
    let sawSimulatedEta = false;
    let shotWhileRunning = false;
    const deadline = Date.now() + 40_000;
    while (sample.status !== 'completed' || sample.percent !== '100%') {
      assert.ok(Date.now() < deadline, `still not completed: ${JSON.stringify({ ...sample, nodes: sample.nodes.length })}`);
      assertLanes(sample.bars, 4);
      if (sample.status === 'running' && /\d/.test(sample.eta)) sawEta = true;
      if (sample.status === 'running' && /\d/.test(sample.simulatedEta)) sawSimulatedEta = true;
      if (!shotWhileRunning && sample.bars.length >= 6 && sample.status === 'running') {
        shotWhileRunning = true;
        await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'execution-running.png'), style: SHOT_STYLE });
      }
      await sleep(250);
      sample = await snapshot(page);
    }
    assert.ok(sawEta, 'an ETA was shown while it ran');
    assert.ok(sawSimulatedEta, 'the simulated ETA of the remaining graph was shown while it ran');
    // The final events may land just after the status: wait for every node to show its end.
    sample = await poll(
      () => snapshot(page),
      (now) => now.nodes.every((node) => node.status !== 'running'),
      5_000,
    );
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'execution-completed.png'), style: SHOT_STYLE });

    const { execution } = await graphqlData<{
      execution: {
        graph: { nodes: { id: string; kind: string }[]; edges: { from: string; to: string }[] };
        report: { criticalPath: { packages: string[] } };
      };
    }>(api.url, GRAPH, { id }, headers);
    const items = execution.graph.nodes.filter((node) => node.kind === 'ITEM');
    assert.equal(sample.nodes.length, workspace.packages.length, 'one node per package');
    assert.deepEqual(sample.nodes.map((node) => node.key).sort(), items.map((node) => node.id).sort());

    for (const node of sample.nodes) {
      assert.ok(node.status in STATUS_COLOURS, `${node.key}: known status ${node.status}`);
      assert.equal(node.fill, STATUS_COLOURS[node.status as DisplayStatus], `${node.key} is coloured as ${node.status}`);
      assert.ok(['succeeded', 'skipped'].includes(node.status), `${node.key} ended ${node.status}`);
    }
    const at = new Map(sample.nodes.map((node) => [node.key, node]));
    const itemEdges = execution.graph.edges.filter((edge) => at.has(edge.from) && at.has(edge.to));
    assert.ok(itemEdges.length > 0, 'the monorepo has dependencies');
    for (const { from, to } of itemEdges) {
      assert.ok(at.get(from)!.x + at.get(from)!.width <= at.get(to)!.x, `${from} is left of its dependent ${to}`);
    }
    for (let a = 0; a < sample.nodes.length; a++) {
      for (let b = a + 1; b < sample.nodes.length; b++) {
        assert.ok(!overlaps(sample.nodes[a], sample.nodes[b]), `${sample.nodes[a].key} and ${sample.nodes[b].key} overlap`);
      }
    }

    const built = workspace.packages.filter((pkg) => pkg.scripts.build !== undefined).length;
    assert.equal(sample.bars.length, built, 'one bar per package that ran');
    assertLanes(sample.bars, 4);
    assert.equal(sample.completed.replace(/\s/g, ''), `${workspace.packages.length}/${workspace.packages.length}`);
    // Once closed, the page shows the report's critical path (the packages' ids are `build/<name>`).
    const reportPath = execution.report.criticalPath.packages.map((name) => `build/${name}`).sort();
    const highlighted = await poll(
      async () => (await page.evaluate<string[]>(CRITICAL_KEYS)).sort(),
      (keys) => JSON.stringify(keys) === JSON.stringify(reportPath),
      5_000,
    );
    assert.deepEqual(highlighted, reportPath, "the highlighted critical path is the report's");
    assert.deepEqual(await page.locator('.execution .error').allInnerTexts(), [], 'the page shows no error');
    assert.equal(
      await page.locator('a.temporal-link').getAttribute('href'),
      `${TEMPORAL_UI}/namespaces/${stack.namespace}/workflows/${encodeURIComponent(id)}`,
    );
    // Only @acme/utils can start first: the other lanes' first stretch waits on it; every stretch has a known label.
    assert.ok(sample.gaps.includes('waiting on @acme/utils'), `gaps: ${JSON.stringify(sample.gaps)}`);
    for (const wait of sample.gaps) assert.match(wait, /^(waiting on @acme\/[\w-]+|scheduling|idle|window full)$/);
    // The batch summary: counts by status, every run in the histogram, no error group.
    await page.locator(`.batch-summary [data-status="succeeded"][data-count="${built}"]`).waitFor();
    const histogram = (
      await page.locator('.histogram-bar').evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('data-count'))))
    ).reduce((sum, count) => sum + count, 0);
    assert.equal(histogram, built, 'every package that ran is in the duration histogram');
    assert.equal(await page.locator('table.error-groups').count(), 0);
    assert.equal(await page.locator('.report table.durations tr').count(), workspace.packages.length, 'the report lists every package');
    assert.match((await page.locator('[data-figure="ratio"]').textContent()) ?? '', /^\d+\.\d\d×$/);

    // Cache and logs: a first build hits nothing; each package that ran links its log, which the link opens (with the key).
    assert.equal(await page.locator('[data-figure="cache-hits"]').textContent(), `0 of ${workspace.packages.length}`);
    assert.equal(await page.locator('.report .cache-hit').count(), 0);
    const logLinks = page.locator('.report table.durations a.log-link');
    assert.equal(await logLinks.count(), built, 'a log link for every package that ran');
    const logLink = page.locator('.report tr[data-package="@acme/ui-kit"] a.log-link');
    assert.equal(await logLink.getAttribute('href'), `/executions/${encodeURIComponent(id)}/packages/%40acme%2Fui-kit/log`);
    const [logPage] = await Promise.all([page.waitForEvent('popup'), logLink.click()]);
    await logPage.waitForURL(/^blob:/);
    const logFile = readFileSync(packageLogPath(monorepo, id, '@acme/ui-kit'), 'utf8');
    assert.match(logFile, /\[@acme\/ui-kit\] done in/);
    assert.equal((await logPage.locator('body').innerText()).trimEnd(), logFile.trimEnd());
    await logPage.close();
    await page.bringToFront();

    // Items: every package listed once finished; a search narrows them; the CSV holds the narrowed set and a header.
    const loaded = page.locator('[data-figure="items-loaded"]');
    await page.locator('[data-figure="items-loaded"]', { hasText: `${workspace.packages.length} items` }).waitFor();
    assert.ok((await page.locator('.items .item-row').count()) <= 25, 'only the visible rows (and a few more) are in the DOM');
    await page.locator('input[name=item-search]').fill('ui-kit');
    await page.locator('.items .item-row[data-key="@acme/ui-kit"]').waitFor();
    const narrowed = await poll(
      async () => Number(/^(\d+)/.exec((await loaded.textContent()) ?? '')?.[1]),
      (count) => count < workspace.packages.length,
      5_000,
    );
    assert.ok(narrowed >= 1 && narrowed < workspace.packages.length, `the search narrows the items: ${narrowed}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    assert.equal(csv[0], 'step,index,key,status,attempts,durationMs,error,preview');
    assert.equal(csv.length, narrowed + 1, 'a header and the narrowed rows');
    assert.ok(csv.some((line) => line.startsWith('build,') && line.includes(',@acme/ui-kit,')));

    // A row's full record: its input, its result, its attempts and timings, read from the API.
    await page.locator('.items .item-row[data-key="@acme/ui-kit"]').click();
    const details = page.locator('aside.details[data-key="build/@acme/ui-kit"][data-loaded="true"]');
    await details.waitFor();
    assert.equal(JSON.parse((await details.locator('[data-field="input"]').textContent())!).name, '@acme/ui-kit');
    assert.notEqual(await details.locator('[data-field="result"]').textContent(), '–');
    assert.equal(await details.locator('[data-field="attempts"]').textContent(), '1');
    for (const field of ['started', 'finished', 'duration'])
      assert.notEqual(await details.locator(`[data-field="${field}"]`).textContent(), '–');

    // The same workspace again, unchanged: every package that ran before is a cache hit, badged in the report.
    const again = await graphqlData<{ startWorkflow: { id: string } }>(
      api.url,
      START,
      { input: { workspace: monorepo, concurrency: 4 } },
      headers,
    );
    await (await api.client.temporal()).workflow.getHandle(again.startWorkflow.id).result();
    await page.goto(`${api.url}/executions/${encodeURIComponent(again.startWorkflow.id)}`);
    await page.locator('[data-figure="cache-hits"]', { hasText: `${built} of ${workspace.packages.length}` }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.report .cache-hit').count(), built, 'a cache badge on every package that ran before');
  });

  it('shows a failing package, its blocked dependents naming it, the error badge, and the window set from the page', async () => {
    const root = join(fixtures, 'monorepo-failing');
    const workspace = await discoverWorkspace(root);
    const { startWorkflow } = await graphqlData<{ startWorkflow: { id: string } }>(
      api.url,
      START,
      { input: { workspace: root, concurrency: 4 } },
      { 'x-api-key': KEY },
    );
    await page.goto(`${api.url}/executions/${encodeURIComponent(startWorkflow.id)}`);
    await page.locator('svg.graph g.node').first().waitFor({ timeout: 15_000 });

    const concurrency = page.locator('input[name=concurrency]');
    await concurrency.fill('2');
    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Set' }).click();
    await page.locator('[data-accepted="2"]').waitFor();
    // Items the workflow scheduled just before the change may record their start a moment after it.
    const narrowedAt = Date.now() + 1_000;
    await page.locator('[data-figure="window"]', { hasText: '2 at a time' }).waitFor();

    const ended = await poll(
      () => snapshot(page),
      (now) => ['failed', 'completed'].includes(now.status) && now.nodes.every((node) => node.status !== 'running'),
      40_000,
    );
    assert.ok(['failed', 'completed'].includes(ended.status), `ended: ${ended.status}`);
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'execution-failed.png'), style: SHOT_STYLE });
    const sample = await snapshot(page);

    const culprit = '@acme/cache';
    const dependents = new Set<string>();
    for (let grew = true; grew;) {
      grew = false;
      for (const pkg of workspace.packages) {
        if (!dependents.has(pkg.name) && pkg.dependencies.some((name) => name === culprit || dependents.has(name))) {
          dependents.add(pkg.name);
          grew = true;
        }
      }
    }
    assert.ok(dependents.size >= 2, 'the fixture blocks several packages');
    const statusOf = new Map(sample.nodes.map((node) => [node.key.replace(/^build\//, ''), node.status]));
    assert.equal(statusOf.get(culprit), 'failed');
    for (const name of dependents) {
      assert.equal(statusOf.get(name), 'blocked', name);
      const title = await page.locator(`svg.graph g.node[data-key="build/${name}"] title`).textContent();
      assert.match(title ?? '', new RegExp(`blocked by ${culprit.replace('/', '\\/')}`), name);
    }
    for (const pkg of workspace.packages.filter((candidate) => candidate.name !== culprit && !dependents.has(candidate.name))) {
      assert.ok(['succeeded', 'skipped'].includes(statusOf.get(pkg.name) ?? ''), `${pkg.name} finished: ${statusOf.get(pkg.name)}`);
    }
    for (const node of sample.nodes) assert.equal(node.fill, STATUS_COLOURS[node.status as DisplayStatus], node.key);
    assert.equal(await page.locator('.badge.errors').textContent(), '1 error');
    await page.locator(`.report .failure[data-package="${culprit}"]`).waitFor();
    assert.deepEqual(
      (await page.locator('.report ul.blocked li').allInnerTexts()).sort(),
      [...dependents].map((name) => `${name}: blocked by ${culprit}`).sort(),
    );

    assertLanes(sample.bars, 4);
    // Lanes 3 and 4 are drawn closed from the instant the window changed (Temporal's record of the update) to the end.
    const closed = await page
      .locator('svg.lanes rect.lane-closed')
      .evaluateAll((rects) =>
        rects.map((rect) => ({ lane: Number(rect.getAttribute('data-lane')), from: Number(rect.getAttribute('data-from')) })),
      );
    assert.deepEqual(closed.map((rect) => rect.lane).sort(), [2, 3], `closed lanes: ${JSON.stringify(closed)}`);
    for (const rect of closed) assert.ok(rect.from >= clickedAt - 1_000 && rect.from <= narrowedAt, `closed from ${rect.from}`);
    assert.equal(await page.locator('svg.lanes').getAttribute('data-lanes'), '4');
    // The batch summary groups the one failure under its first line, naming the package.
    const groups = page.locator('table.error-groups tr');
    await groups.first().waitFor();
    assert.equal(await groups.count(), 1);
    assert.equal(await groups.first().getAttribute('data-count'), '1');
    assert.match(await groups.first().innerText(), /@acme\/cache/);
    // Its node clicked: the failed package's record with its error.
    await page.locator(`svg.graph g.node[data-key="build/${culprit}"]`).click();
    const details = page.locator(`aside.details[data-key="build/${culprit}"][data-loaded="true"]`);
    await details.waitFor();
    assert.equal(await details.locator('[data-field="status"]').textContent(), 'failed');
    assert.ok(((await details.locator('[data-field="error"]').textContent()) ?? '').length > 0, 'the error shown');
    assert.equal(JSON.parse((await details.locator('[data-field="input"]').textContent())!).name, culprit);
    const late = sample.bars.filter((bar) => bar.start > narrowedAt);
    assert.ok(late.length > 0, 'items started after the window changed');
    assert.deepEqual(
      late.filter((bar) => bar.lane >= 2),
      [],
      'after setConcurrency(2), no new bar starts in lanes 3 and 4',
    );
  });

  it('pauses, resumes and cancels from the page, as the API then reports', async () => {
    const headers = { 'x-api-key': KEY };
    const { startWorkflow } = await graphqlData<{ startWorkflow: { id: string } }>(
      api.url,
      `mutation($input: JSON) { startWorkflow(name: "DashboardTicker", input: $input) { id } }`,
      { input: { items: Array.from({ length: 20 }, (_, index) => index) } },
      headers,
    );
    const id = startWorkflow.id;
    const steered = async () =>
      (await graphqlData<{ execution: { status: string; progress: { paused: boolean } } }>(api.url, STEERED, { id }, headers)).execution;
    await page.goto(`${api.url}/executions/${encodeURIComponent(id)}`);

    await page.locator('svg.lanes rect.lane-bar').first().waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    assert.equal((await poll(steered, (now) => now.progress.paused, 5_000)).progress.paused, true, 'paused');
    await page.locator('.chip.paused').waitFor();
    // Long enough for the paused stretch to show in the lanes once the running items end.
    await sleep(2_000);

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    assert.equal((await poll(steered, (now) => !now.progress.paused, 5_000)).progress.paused, false, 'resumed');
    await page.locator('svg.lanes g.lane-gap[data-wait="paused"]').first().waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await poll(steered, (now) => now.status === 'CANCELLED', 10_000)).status, 'CANCELLED');
    await page.locator('.execution .header .chip[data-status="cancelled"]').waitFor();
  });

  it("draws a workflow's steps and starts it from its page, JSON errors shown inline", async () => {
    await page.goto(`${api.url}/workflows/PackageBuilder`);
    await page.locator('svg.graph g.node').first().waitFor();
    assert.deepEqual((await page.evaluate<string[]>(CRITICAL_KEYS.replace('[data-critical="true"]', ''))).sort(), [
      'build',
      'plan',
      'report',
    ]);
    await page.locator('input[name=concurrency]').waitFor();
    // The loop's window on its node ("*": the input may choose another) and in the steps table.
    const window = await page.locator('table.steps tr[data-step="build"] [data-window]').getAttribute('data-window');
    await page.locator(`svg.graph g.node[data-key="build"][data-kind="loop"][data-badge="×${window}*"]`).waitFor();
    assert.match(await page.locator('table.steps tr[data-step="build"]').innerText(), /at a time, or the input's concurrency/);
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'workflow.png') });

    // A loop run as child workflows: the child drawn after its loop, the window, and the child's own page.
    await page.goto(`${api.url}/workflows/DashboardShipAll`);
    const childNode = page.locator('svg.graph g.node[data-key="child:shipEach"][data-kind="child"]');
    await childNode.waitFor();
    const x = async (key: string) => (await page.locator(`svg.graph g.node[data-key="${key}"]`).boundingBox())!.x;
    assert.ok((await x('child:shipEach')) > (await x('shipEach')), 'the child workflow right of its loop');
    assert.match((await childNode.locator('text').first().textContent()) ?? '', /DashboardShipOne/);
    await page.locator('svg.graph g.node[data-key="shipEach"][data-badge="×2"]').waitFor();
    const row = page.locator('table.steps tr[data-step="shipEach"]');
    assert.match(await row.innerText(), /over input:shipments, key id\s+2 at a time\s+\S+\s+child workflow DashboardShipOne/);
    await childNode.click();
    await page.waitForURL('**/workflows/DashboardShipOne');
    await page.locator('svg.graph g.node[data-key="ship"][data-kind="step"]').waitFor();

    // Never run: its speedup is unknown.
    await page.goto(`${api.url}/workflows/DashboardNeverRun`);
    await page.locator('[data-figure="speedup"][data-factor="unknown"]').waitFor();

    await page.goto(`${api.url}/workflows/DashboardTicker`);
    await page.locator('svg.graph g.node[data-key="tick"]').waitFor();
    const input = page.locator('textarea[name=input]');
    // Eight items of ~400 ms recorded by the earlier runs, two at a time: about twice as fast as one at a time.
    await input.fill(JSON.stringify({ items: [0, 1, 2, 3, 4, 5, 6, 7] }));
    const speedup = page.locator('[data-figure="speedup"]', { hasText: '8 items' });
    await speedup.waitFor();
    const factor = Number(await speedup.getAttribute('data-factor'));
    assert.ok(factor > 1.6 && factor <= 2.01, `speedup ${factor}`);
    assert.match(await speedup.innerText(), /≈ \d\.\d× faster than one at a time/);
    await input.fill('{ items: ');
    await page.getByRole('button', { name: 'Start DashboardTicker' }).click();
    await page.getByText(/The input is not JSON/).waitFor();

    await input.fill('{ "items": [1, 2, 3] }');
    await page.getByRole('button', { name: 'Start DashboardTicker' }).click();
    await page.waitForURL(/\/executions\/DashboardTicker-/);
    await page.locator('.execution .header .chip[data-status="completed"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-figure="completed"]').textContent(), '3 / 3');
  });

  it('links child executions to their own page and back to their parent', async () => {
    const { startWorkflow } = await graphqlData<{ startWorkflow: { id: string } }>(
      api.url,
      `mutation($input: JSON) { startWorkflow(name: "DashboardShipAll", input: $input) { id } }`,
      { input: { shipments: [{ id: 's1' }, { id: 's2' }, { id: 's3' }] } },
      { 'x-api-key': KEY },
    );
    const parent = startWorkflow.id;
    await page.goto(`${api.url}/executions/${encodeURIComponent(parent)}`);
    await page.locator('.execution .header .chip[data-status="completed"]').waitFor({ timeout: 15_000 });
    // The children's records may land a moment after the parent's: the page shows them on its next read.
    const children = page.locator('.children li');
    const listed = await poll(
      async () => {
        if ((await children.count()) < 3) await page.reload();
        return children.count();
      },
      (count) => count === 3,
      10_000,
    );
    assert.equal(listed, 3, 'one link per child');
    const child = (await children.first().getAttribute('data-id'))!;
    await children.first().getByRole('link', { name: child }).click();
    await page.waitForURL(`**/executions/${encodeURIComponent(child)}`);
    await page.locator('.execution h1', { hasText: 'DashboardShipOne' }).waitFor();
    assert.equal(
      await page.locator('a.temporal-link').getAttribute('href'),
      `${TEMPORAL_UI}/namespaces/${stack.namespace}/workflows/${encodeURIComponent(child)}`,
    );
    await page.locator('p.links').getByRole('link', { name: parent }).click();
    await page.waitForURL(`**/executions/${encodeURIComponent(parent)}`);
  });

  it('summarises a 3,000-node plan instead of drawing it: counts, a search, and the neighbourhood of a node', async () => {
    const items = Array.from({ length: CHAIN_ITEMS }, (_, index) => ({
      id: `n${index}`,
      after: index % 10 === 0 ? [] : [`n${index - 1}`],
    }));
    const headers = { 'x-api-key': KEY };
    const { startWorkflow } = await graphqlData<{ startWorkflow: { id: string } }>(
      api.url,
      `mutation($input: JSON) { startWorkflow(name: "DashboardChains", input: $input) { id } }`,
      { input: { items } },
      headers,
    );
    try {
      await page.goto(`${api.url}/executions/${encodeURIComponent(startWorkflow.id)}`);
      const summary = page.locator('.graph-summary');
      await summary.waitFor({ timeout: 20_000 });
      assert.match(await summary.innerText(), new RegExp(`^${CHAIN_ITEMS} nodes`));
      assert.equal(await page.locator('svg.graph').count(), 0, 'nothing drawn before a node is chosen');
      const counts = await page
        .locator('.graph-summary [data-count]')
        .evaluateAll((entries) => entries.map((entry) => Number(entry.getAttribute('data-count'))));
      assert.equal(
        counts.reduce((sum, count) => sum + count, 0),
        CHAIN_ITEMS,
        'the counts by status cover every node',
      );

      await page.locator('input[name=graph-search]').fill('n1234');
      await page.locator('button.graph-match[data-key="link/n1234"]').click();
      await page.locator('svg.graph g.node[data-key="link/n1234"]').waitFor();
      assert.deepEqual(
        (await page.locator('svg.graph g.node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-key')))).sort(),
        ['link/n1233', 'link/n1234', 'link/n1235'],
        'the node, what it depends on and what depends on it',
      );
      await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'execution-large.png'), style: SHOT_STYLE });
    } finally {
      await api.client.cancel(startWorkflow.id);
    }
  });

  it('made no request beyond this server and logged no errors', async () => {
    assert.ok(requests.some((url) => url.includes('/assets/dashboard-')));
    assert.ok(
      requests.some((url) => url.startsWith(api.url.replace(/^http/, 'ws'))),
      'subscriptions over WebSocket',
    );
    assert.deepEqual(
      requests.filter((url) => !isLocal(url)),
      [],
    );
    assert.deepEqual(blocked, []);
    // The wrong key's 401 is the one expected failure the browser logs.
    assert.deepEqual(
      errors.filter((error) => !/status of 401/.test(error)),
      [],
    );
  });
});

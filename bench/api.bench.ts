/**
 * GraphQL API benchmarks, side by side in one run against the real stack (`npm run bench:api`): the NestJS API and a
 * Baton worker in this process, called over HTTP and graphql-ws like any client would.
 * - latency from an item's work returning to its ITEM_SUCCEEDED on `executionEvents`, and to the first
 *   `executionProgress` update counting it, with the default progress batching (every 10 items or 1 s): 200 items of
 *   50–400 ms (seeded) at concurrency 4 (target p95 < 1 s);
 * - 200 graphql-ws connections subscribed to the events of one 300-item execution: every one must receive every event,
 *   in the same order (the run exits non-zero otherwise), and how far apart the connections get each event;
 * - `execution.items` pages of 100 from a 10,000-item execution: paging through, searching, filtering by status
 *   (target p95 < 50 ms).
 * The worker records when each item's work returned on the same clock the subscribers read. Writes bench/results/api.md.
 */
import type { Client } from 'graphql-ws';
import { setTimeout as sleep } from 'node:timers/promises';
import { installTemporalRuntime } from '@baton/orchestration';
import { startApiApp, type ApiApp } from '../test/support/api-app';
import { collect, graphqlData, wsClient } from '../test/support/graphql-client';
import { mulberry32 } from '../test/support/seeded-random';
import { useTestStack } from '../test/support/test-stack';
import { ApiBenchProbe, ApiBenchWorkflow, type ApiBenchInput, type ApiBenchItem } from './support/api-bench.workflow';
import { formats, informative, judged, writeBenchReport, type MeasureRow } from './support/bench-report';
import { percentile } from './support/statistics';
import type { BarSeries } from './support/svg-chart';

const START = 'mutation($id: String, $input: JSON) { startWorkflow(name: "ApiBench", id: $id, input: $input) { id } }';
const EVENTS = 'subscription($id: ID!) { executionEvents(id: $id) { type key status sequence } }';
const PROGRESS = 'subscription($id: ID!) { executionProgress(id: $id) { completed total closed } }';
const RECORDED = 'query($id: ID!) { execution(id: $id) { input } }';
const ITEMS = `query($id: ID!, $after: String, $status: ItemStatus, $search: String) {
  execution(id: $id) { items(first: 100, after: $after, status: $status, search: $search) {
    nodes { key status } pageInfo { endCursor hasNextPage } } } }`;

/** Margin between the last subscription answering and the items running, for the servers' subscriptions to settle. */
const SETTLE_MS = 500;
const SUBSCRIBERS = 200;

interface EventValue {
  type: string;
  key: string | null;
  status: string | null;
  sequence: number;
}
interface ProgressValue {
  completed: number;
  total: number;
  closed: boolean;
}
interface ItemsPage {
  execution: { items: { nodes: { key: string; status: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
}
/** A subscription result and when it arrived (epoch ms, the clock the worker's probe reads). */
interface Arrival<T> {
  at: number;
  value: T;
}

async function main(): Promise<void> {
  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const stack = await useTestStack();
  let api: ApiApp | undefined;
  const rows: MeasureRow[] = [];
  let fanOut: FanOut;
  try {
    api = await startApiApp(stack, { providers: [ApiBenchProbe, ApiBenchWorkflow] });
    const probe = api.app.get(ApiBenchProbe);
    rows.push(...(await measureLatency(api.url, probe)));
    fanOut = await measureFanOut(api.url, probe);
    rows.push(...fanOut.rows);
    rows.push(...(await measureItemPages(api)));
  } finally {
    await api?.close();
    await stack.stop();
  }

  writeBenchReport({
    name: 'api',
    title: 'GraphQL API benchmarks',
    setting: 'API and worker in one process, embedded Temporal dev server and PostgreSQL',
    rows,
    charts: [
      {
        kind: 'bars',
        id: 'latency',
        title: 'Latencies held to a p95 target',
        yLabel: 'ms',
        groups: latencies.map((latency) => latency.label),
        series: (['p50', 'p95', 'max'] as const).map((statistic): BarSeries => ({
          name: statistic,
          values: latencies.map((latency) => latency.summary[statistic]),
        })),
      },
    ],
  });
  if (fanOut.incomplete > 0) {
    console.error(`${fanOut.incomplete} of ${SUBSCRIBERS} subscribers missed events or got them in another order.`);
    process.exitCode = 1;
  }
}

/** Item finished → ITEM_SUCCEEDED event, and → first progress update whose `completed` counts it. */
async function measureLatency(url: string, probe: ApiBenchProbe): Promise<MeasureRow[]> {
  const id = `bench-api-latency-${Date.now()}`;
  const random = mulberry32(20261121);
  const items: ApiBenchItem[] = Array.from({ length: 200 }, (_, index) => ({
    key: `item-${index}`,
    workMs: 50 + Math.floor(random() * 351),
  }));
  const client = wsClient(url);
  try {
    const [events, progress] = await runHeld(url, probe, id, { items, concurrency: 4 }, () => {
      const done = Promise.all([
        collectTimed<{ executionEvents: EventValue }>(client, EVENTS, { id }),
        collectTimed<{ executionProgress: ProgressValue }>(client, PROGRESS, { id }),
      ]);
      return { done, live: subscribed(client, id) };
    });
    const finishedAt = probe.finishTimes(id);
    const succeeded = events.filter(({ value }) => value.executionEvents.type === 'ITEM_SUCCEEDED');
    const eventLatencies = succeeded.map(({ at, value }) => at - finishedAt.get(value.executionEvents.key!)!);
    // Updates carry counts, not keys: the k-th item to finish is counted by the first update with completed ≥ k.
    const finishes = [...finishedAt.values()].sort((a, b) => a - b);
    const progressLatencies = finishes.flatMap((finished, index) => {
      const update = progress.find(({ value }) => value.executionProgress.completed > index);
      return update === undefined ? [] : [update.at - finished];
    });
    const workload =
      `${items.length} items of 50–400 ms (seeded) at concurrency 4, progress batched every 10 items (500 ms apart at ` + 'least) or 1 s';
    return [
      latencyRow('Item finished → its ITEM_SUCCEEDED on executionEvents', 'item → event', eventLatencies, items.length, workload),
      latencyRow(
        'Item finished → first executionProgress update counting it',
        'item → progress',
        progressLatencies,
        items.length,
        `${progress.length} updates; the k-th item to finish vs the first update with completed ≥ k`,
      ),
    ];
  } finally {
    await client.dispose();
  }
}

/** Every latency held to a target, for the report's chart: a short label and its summary. */
const latencies: { label: string; summary: ReturnType<typeof summary> }[] = [];

/** A row judging the p95 of `values` against `bound` ms, charted under `label`. */
function p95Row(measure: string, label: string, values: number[], bound: number, detail: string): MeasureRow {
  const statistics = summary(values);
  latencies.push({ label, summary: statistics });
  return judged(
    `${measure}, p95`,
    statistics.p95,
    { below: bound },
    formats.ms,
    `p50 ${formats.roundMs(statistics.p50)}, max ${formats.roundMs(statistics.max)}, ${detail}`,
  );
}

function latencyRow(measure: string, label: string, values: number[], expected: number, detail: string): MeasureRow {
  return p95Row(measure, label, values, 1000, `${values.length} of ${expected} items; ${detail}`);
}

interface FanOut {
  rows: MeasureRow[];
  /** Subscribers that missed an event or got the events in another order than the first one. */
  incomplete: number;
}

/** 200 connections on one execution's events: did each get all of them, and how far apart did they get each one. */
async function measureFanOut(url: string, probe: ApiBenchProbe): Promise<FanOut> {
  const id = `bench-api-fan-out-${Date.now()}`;
  const items: ApiBenchItem[] = Array.from({ length: 300 }, (_, index) => ({ key: `item-${index}`, workMs: 20 }));
  const clients: Client[] = Array.from({ length: SUBSCRIBERS }, () => wsClient(url));
  try {
    const received = await runHeld(url, probe, id, { items, concurrency: 10 }, () => {
      const done = Promise.all(clients.map((client) => collectTimed<{ executionEvents: EventValue }>(client, EVENTS, { id })));
      return { done, live: Promise.all(clients.map((client) => subscribed(client, id))) };
    });
    const signature = ({ value }: Arrival<{ executionEvents: EventValue }>) => {
      const { type, key, status, sequence } = value.executionEvents;
      return `${type}:${key ?? ''}:${status ?? ''}:${sequence}`;
    };
    const reference = received[0].map(signature);
    const types = new Map<string, number>();
    for (const { value } of received[0]) types.set(value.executionEvents.type, (types.get(value.executionEvents.type) ?? 0) + 1);
    const everyItem = (type: string) =>
      new Set(received[0].filter(({ value }) => value.executionEvents.type === type).map(({ value }) => value.executionEvents.key)).size ===
      items.length;
    // STATUS_CHANGED RUNNING came with the first record, before anyone subscribed.
    const referenceComplete =
      everyItem('ITEM_STARTED') &&
      everyItem('ITEM_SUCCEEDED') &&
      reference.length === 2 * items.length + 1 &&
      reference.at(-1)?.startsWith('STATUS_CHANGED::COMPLETED:') === true;
    const incomplete = received.filter(
      (arrivals, index) => !referenceComplete || (index > 0 && arrivals.map(signature).join('\n') !== reference.join('\n')),
    ).length;
    const spreads = reference.map((_, index) => {
      const times = received.flatMap((arrivals) => (arrivals[index] === undefined ? [] : [arrivals[index].at]));
      return Math.max(...times) - Math.min(...times);
    });
    const { p50, p95, max } = summary(spreads);
    return {
      incomplete,
      rows: [
        judged(
          `${SUBSCRIBERS} subscribers (one connection each) on one execution's executionEvents: subscribers that got every event`,
          SUBSCRIBERS - incomplete,
          { atLeast: SUBSCRIBERS },
          String,
          `${reference.length} events each (${[...types].map(([type, count]) => `${count} ${type}`).join(', ')}), the same (type, ` +
            `key, status, sequence) in the same order on every connection; ${items.length} items × 20 ms at concurrency 10, held ` +
            `until every connection had subscribed (so STATUS_CHANGED RUNNING, sent with the first record, came before)`,
        ),
        informative(
          `Delivery spread across the ${SUBSCRIBERS} subscribers`,
          `p95 ${formats.roundMs(p95)}`,
          `latest − earliest arrival of each event over the connections; p50 ${formats.roundMs(p50)}, max ${formats.roundMs(max)}`,
        ),
      ],
    };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
  }
}

/** `execution.items` pages of 100 over HTTP, from a 10,000-item execution: paging through, searching, by status. */
async function measureItemPages(api: ApiApp): Promise<MeasureRow[]> {
  const id = `bench-api-items-${Date.now()}`;
  const failEvery = 100;
  // Short keys and no flag on most items: the whole input travels in the workflow's history.
  const items: ApiBenchItem[] = Array.from({ length: 10_000 }, (_, index) => ({
    key: `i${String(index).padStart(5, '0')}`,
    workMs: 0,
    ...(index % failEvery === 0 ? { fail: true } : {}),
  }));
  const started = performance.now();
  // Started through the API like any client would (the ~270 kB input is within its 2 MB request limit).
  await graphqlData(api.url, START, { id, input: { items, concurrency: 50 } satisfies ApiBenchInput });
  await (await api.client.temporal()).workflow.getHandle(id).result();
  const loopMs = performance.now() - started;

  const page = async (variables: Record<string, unknown>): Promise<{ ms: number; page: ItemsPage['execution']['items'] }> => {
    const sent = performance.now();
    const data = await graphqlData<ItemsPage>(api.url, ITEMS, { id, ...variables });
    return { ms: performance.now() - sent, page: data.execution.items };
  };
  for (let warmUp = 0; warmUp < 5; warmUp++) await page({});

  const paging: number[] = [];
  let after: string | undefined;
  for (let query = 0; query < 200; query++) {
    const result = await page({ after });
    paging.push(result.ms);
    after = result.page.pageInfo.hasNextPage ? result.page.pageInfo.endCursor! : undefined;
  }
  // Four digits of a five-digit key: about ten matches, so each query reads every row of the execution.
  const random = mulberry32(10_000);
  const searching: number[] = [];
  for (let query = 0; query < 50; query++) {
    const search = String(Math.floor(random() * 10_000)).padStart(4, '0');
    const result = await page({ search });
    if (!result.page.nodes.some((node) => node.key.includes(search)))
      throw new Error(`searching "${search}" did not find the item whose key holds it`);
    searching.push(result.ms);
  }
  const filtering: number[] = [];
  for (let query = 0; query < 50; query++) {
    const result = await page({ status: 'FAILED' });
    if (result.page.nodes.length !== items.length / failEvery)
      throw new Error(`the status filter found ${result.page.nodes.length} failed items, not ${items.length / failEvery}`);
    filtering.push(result.ms);
  }

  const pageRow = (measure: string, label: string, times: number[], detail: string): MeasureRow =>
    p95Row(measure, label, times, 50, `${times.length} sequential queries; ${detail}`);
  return [
    pageRow(
      'execution.items, page of 100 of 10,000 items',
      'page',
      paging,
      `following endCursor and wrapping around (after 5 unmeasured); the 10,000-item loop (concurrency 50, 1 item in ${failEvery} ` +
        `failing) took ${(loopMs / 1000).toFixed(1)} s`,
    ),
    pageRow('execution.items(search), page of 100', 'search', searching, 'four digits of a key (seeded), about 10 matches among 10,000'),
    pageRow('execution.items(status: FAILED), page of 100', 'status filter', filtering, `${items.length / failEvery} failed among 10,000`),
  ];
}

/**
 * Starts an execution whose items wait until its subscribers listen: once its first record has landed (so that no
 * subscriber sees that one and another not), `subscribe` sends the subscriptions; the items run once they are live.
 */
async function runHeld<T>(
  url: string,
  probe: ApiBenchProbe,
  id: string,
  input: ApiBenchInput,
  subscribe: () => { done: Promise<T>; live: Promise<unknown> },
): Promise<T> {
  probe.hold(id);
  await graphqlData(url, START, { id, input });
  while ((await graphqlData<{ execution: { input: unknown } | null }>(url, RECORDED, { id })).execution?.input == null) {
    await sleep(50);
  }
  await sleep(SETTLE_MS);
  const { done, live } = subscribe();
  const [result] = await Promise.all([done, live.then(() => sleep(SETTLE_MS)).then(() => probe.open(id))]);
  return result;
}

/**
 * Resolves once `client`'s earlier subscriptions to the execution are live on the server: executionProgress answers at
 * once with the current state, after the same lookup the other subscriptions sent before it on this connection make.
 */
function subscribed(client: Client, id: string): Promise<unknown> {
  return collect(client, PROGRESS, { id }, () => true);
}

/** Every result of a subscription with when it arrived, until it completes. */
async function collectTimed<T>(client: Client, query: string, variables: Record<string, unknown>): Promise<Arrival<T>[]> {
  const arrivals: number[] = [];
  const values = await collect<T>(client, query, variables, () => {
    arrivals.push(Date.now());
    return false;
  });
  return values.map((value, index) => ({ at: arrivals[index], value }));
}

/** Nearest-rank percentiles. */
function summary(values: number[]): { p50: number; p95: number; max: number } {
  return { p50: percentile(values, 0.5), p95: percentile(values, 0.95), max: Math.max(...values) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

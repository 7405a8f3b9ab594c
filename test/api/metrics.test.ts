import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { InFlightItems } from '../../apps/api/src/metrics/in-flight-items';
import { MetricsModule } from '../../apps/api/src/metrics/metrics.module';
import { ParallelLoop, Workflow, type LoopResult } from '@baton/orchestration';
import type { ProgressNotification } from '@baton/orchestration/protocol';
import { findFreePort } from '@baton/orchestration/process';
import { findFreeTemporalMetricsAddress, installTemporalRuntime, temporalMetricsAddress } from '@baton/orchestration';
import { waitFor } from '../support/wait-for';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startOpsHttpApp, type OpsHttpApp } from './ops-http-app';

interface MetricItem {
  id: string;
  fails?: boolean;
  needs?: string[];
}

async function work(item: MetricItem): Promise<string> {
  await sleep(150);
  if (item.fails) throw ApplicationFailure.nonRetryable(`item ${item.id} is broken`);
  return item.id;
}

@Workflow()
@Injectable()
class MetricsLoop {
  @ParallelLoop({ over: { input: true }, concurrency: 4, onItemError: 'continue' })
  run(item: MetricItem): Promise<string> {
    return work(item);
  }
}

@Workflow()
@Injectable()
class MetricsDagLoop {
  @ParallelLoop({ over: { input: true }, concurrency: 2, key: 'id', dependsOn: 'needs', onItemError: 'block-dependents' })
  run(item: MetricItem): Promise<string> {
    return work(item);
  }
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments and blank lines skipped). */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
      assert.ok(match, `not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, name, value]) => [name, value]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample named `name` whose labels include `labels`. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const found = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  assert.ok(found.length <= 1, `${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe('GET /metrics (real Temporal and PostgreSQL)', () => {
  let stack: TestStack;
  let api: OpsHttpApp;

  const scrape = async (app: OpsHttpApp = api) => {
    const response = await app.get('/metrics');
    assert.equal(response.status, 200);
    return { response, text: await response.text() };
  };

  beforeAll(async () => {
    // The Temporal runtime is process-wide and installed once: first, with its Prometheus exporter on.
    installTemporalRuntime({
      ...process.env,
      BATON_TEMPORAL_LOG_LEVEL: process.env.BATON_TEMPORAL_LOG_LEVEL ?? 'ERROR',
      BATON_TEMPORAL_METRICS_ADDRESS: await findFreeTemporalMetricsAddress(),
    });
    stack = await useTestStack();
    api = await startOpsHttpApp(stack, { imports: [MetricsModule.forRoot()], providers: [MetricsLoop, MetricsDagLoop] });
  });

  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  it('counts the items of real executions per workflow, observes their durations and brings items in flight back to 0', async () => {
    const failing = new Set([3, 11, 17]);
    const loopItems: MetricItem[] = Array.from({ length: 20 }, (_, index) => ({
      id: `item-${index}`,
      ...(failing.has(index) ? { fails: true } : {}),
    }));
    const dagItems: MetricItem[] = [
      { id: 'a', fails: true },
      { id: 'b', needs: ['a'] },
      { id: 'c', needs: ['b'] },
      { id: 'd' },
      { id: 'e', needs: ['d'] },
    ];
    const before = parseSamples((await scrape()).text);
    for (const workflow of ['MetricsLoop', 'MetricsDagLoop']) {
      assert.equal(valueOf(before, 'baton_items_started_total', { workflow }), 0, `${workflow} is listed at 0 before its first item`);
      assert.equal(valueOf(before, 'baton_items_in_flight', { workflow }), 0);
    }

    let maxInFlight = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxInFlight = Math.max(
          maxInFlight,
          valueOf(parseSamples((await scrape()).text), 'baton_items_in_flight', { workflow: 'MetricsLoop' }) ?? 0,
        );
        await sleep(50);
      }
    })();
    const [loop, dag] = await Promise.all([
      api.client.execute<LoopResult<string>>(MetricsLoop, loopItems),
      api.client.execute<LoopResult<string>>(MetricsDagLoop, dagItems),
    ]);
    assert.deepEqual([loop.succeeded, loop.failed], [17, 3]);
    assert.deepEqual([dag.succeeded, dag.failed, dag.blocked], [2, 1, 2]);

    // Events reach the API through NOTIFY and a read of the rows, a moment after the workflows end.
    let samples: Sample[] = [];
    await waitFor(async () => {
      samples = parseSamples((await scrape()).text);
      return (
        valueOf(samples, 'baton_items_completed_total', { workflow: 'MetricsLoop', status: 'succeeded' }) === 17 &&
        valueOf(samples, 'baton_items_completed_total', { workflow: 'MetricsDagLoop', status: 'blocked' }) === 2 &&
        valueOf(samples, 'baton_items_in_flight', { workflow: 'MetricsLoop' }) === 0 &&
        valueOf(samples, 'baton_items_in_flight', { workflow: 'MetricsDagLoop' }) === 0
      );
    }, 15_000).catch(() => undefined);
    sampling = false;
    await sampler;

    const expected = {
      MetricsLoop: { started: 20, succeeded: 17, failed: 3, blocked: 0, skipped: 0 },
      MetricsDagLoop: { started: 3, succeeded: 2, failed: 1, blocked: 2, skipped: 0 },
    };
    for (const [workflow, counts] of Object.entries(expected)) {
      const actual = {
        started: valueOf(samples, 'baton_items_started_total', { workflow }),
        succeeded: valueOf(samples, 'baton_items_completed_total', { workflow, status: 'succeeded' }),
        failed: valueOf(samples, 'baton_items_completed_total', { workflow, status: 'failed' }),
        blocked: valueOf(samples, 'baton_items_completed_total', { workflow, status: 'blocked' }),
        skipped: valueOf(samples, 'baton_items_completed_total', { workflow, status: 'skipped' }),
      };
      assert.deepEqual(actual, counts, workflow);
      assert.equal(valueOf(samples, 'baton_items_failed_total', { workflow }), counts.failed, workflow);
      // Blocked items never ran: only the items that ran have a duration.
      const ran = counts.succeeded + counts.failed;
      assert.equal(valueOf(samples, 'baton_item_duration_seconds_count', { workflow }), ran, workflow);
      assert.equal(valueOf(samples, 'baton_item_duration_seconds_bucket', { workflow, le: '+Inf' }), ran, workflow);
      assert.equal(
        valueOf(samples, 'baton_item_duration_seconds_bucket', { workflow, le: '0.1' }),
        0,
        `${workflow}: every item slept 150 ms`,
      );
      assert.equal(valueOf(samples, 'baton_item_duration_seconds_bucket', { workflow, le: '1800' }), ran, workflow);
      const sum = valueOf(samples, 'baton_item_duration_seconds_sum', { workflow }) ?? 0;
      assert.ok(sum >= ran * 0.15 && sum < ran * 10, `${workflow}: duration sum ${sum}`);
      assert.equal(valueOf(samples, 'baton_items_in_flight', { workflow }), 0, workflow);
    }
    assert.ok(
      maxInFlight >= 1 && maxInFlight <= 4,
      `items in flight seen during the run: at most ${maxInFlight}, never above the window of 4`,
    );
  });

  it('serves Node process metrics and the Temporal core metrics in Prometheus text format', async () => {
    const { response, text } = await scrape();
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
    assert.ok(temporalMetricsAddress() !== undefined, 'the runtime was installed with the exporter');
    assert.match(text, /^temporal_\w+(\{[^}]*\})? \d/m, 'Temporal core metrics are appended');
    assert.match(text, /^temporal_\w+\{[^}]*task_queue="[^"]+"/m, 'with the worker task queue label');
    assert.doesNotMatch(text, /Temporal SDK metrics unavailable/);
    assert.ok(text.endsWith('\n'));
    parseSamples(text);
  });

  it('reports an unreachable or silent Temporal exporter in a comment line, and still answers 200 with its own metrics', async () => {
    const refusedPort = await findFreePort();
    const held = new Set<Socket>();
    const silent: Server = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    const refused = await startOpsHttpApp(stack, {
      imports: [MetricsModule.forRoot({ temporalMetricsAddress: `127.0.0.1:${refusedPort}` })],
      providers: [MetricsLoop],
      worker: false,
    });
    const hanging = await startOpsHttpApp(stack, {
      imports: [MetricsModule.forRoot({ temporalMetricsAddress: `127.0.0.1:${silentPort}`, temporalScrapeTimeoutMs: 300 })],
      providers: [MetricsLoop],
      worker: false,
    });
    try {
      const { text: refusedText } = await scrape(refused);
      assert.match(
        refusedText,
        new RegExp(
          `^# Temporal SDK metrics unavailable from http://127\\.0\\.0\\.1:${refusedPort}/metrics: fetch failed: .*ECONNREFUSED.*\\n$`,
          'm',
        ),
      );
      assert.match(refusedText, /^baton_items_started_total\{workflow="MetricsLoop"\} \d+$/m);

      const started = Date.now();
      const { text: hangingText } = await scrape(hanging);
      assert.ok(Date.now() - started < 2_000, 'the scrape waits no longer than its timeout');
      assert.match(
        hangingText,
        new RegExp(`^# Temporal SDK metrics unavailable from http://127\\.0\\.0\\.1:${silentPort}/metrics: .*timeout`, 'm'),
      );
      assert.match(hangingText, /^process_cpu_user_seconds_total \d/m);
    } finally {
      await refused.close();
      await hanging.close();
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('in flight: sums the latest running count of each open execution, and drops an execution when it closes', () => {
    const notification = (id: string, type: string, status: ProgressNotification['status'], running: number) =>
      ({ id, type, status, running, seq: 1 }) as ProgressNotification;
    const items = new InFlightItems();
    items.track(['Idle']);
    items.beginSeed();
    items.record(notification('x-1', 'X', 'running', 3));
    items.seed([
      { id: 'x-1', workflow: 'X', running: 9 },
      { id: 'x-2', workflow: 'X', running: 2 },
      { id: 'y-1', workflow: 'Y', running: 1 },
    ]);
    assert.deepEqual(
      Object.fromEntries(items.byWorkflow()),
      { Idle: 0, X: 5, Y: 1 },
      'a notification received during the seed read wins over its row',
    );
    items.record(notification('x-1', 'X', 'running', 1));
    items.record(notification('y-1', 'Y', 'completed', 0));
    assert.deepEqual(Object.fromEntries(items.byWorkflow()), { Idle: 0, X: 3, Y: 0 });
    items.record(notification('x-2', 'X', 'failed', 2));
    assert.deepEqual(Object.fromEntries(items.byWorkflow()), { Idle: 0, X: 1, Y: 0 });
  });

  it('BATON_TEMPORAL_METRICS_ADDRESS takes an IP address and port, as the Temporal core binds a socket address', async () => {
    for (const value of ['localhost:9464', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', '::1:9464']) {
      assert.throws(() => installTemporalRuntime({ BATON_TEMPORAL_METRICS_ADDRESS: value }), {
        name: 'Error',
        message:
          `BATON_TEMPORAL_METRICS_ADDRESS must be an IP address and port such as 127.0.0.1:9464 or [::1]:9464, but it is "${value}". ` +
          'Use 0.0.0.0:<port> to serve on every interface.',
      });
    }
    assert.match(await findFreeTemporalMetricsAddress(), /^127\.0\.0\.1:\d+$/);
  });
});

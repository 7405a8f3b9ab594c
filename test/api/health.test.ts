import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { HealthModule } from '../../apps/api/src/health/health.module';
import type { HealthReport } from '../../apps/api/src/health/health-report';
import { Step, Workflow } from '@baton/orchestration';
import { waitFor } from '../support/wait-for';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startOpsHttpApp, type OpsHttpApp } from './ops-http-app';

@Workflow()
@Injectable()
class HealthProbeWorkflow {
  @Step()
  run(): string {
    return 'ok';
  }
}

async function healthOf(app: OpsHttpApp): Promise<{ status: number; report: HealthReport; headers: Headers }> {
  const response = await app.get('/health');
  return { status: response.status, report: JSON.parse(await response.text()) as HealthReport, headers: response.headers };
}

/**
 * A TCP proxy to `target` that holds every connection unanswered until released: a Temporal frontend that hangs.
 * Releasing lets the client's pending connection attempt finish, so the application closes without waiting for it.
 */
async function startStallingProxy(target: string): Promise<{ address: string; release(): void; stop(): Promise<void> }> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  let released = false;
  const forward = (socket: Socket) => {
    const upstream = connect(port, host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  };
  // A socket does not read until something consumes it: a held one just leaves the client waiting.
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (released) forward(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${proxyPort}`,
    release: () => {
      released = true;
      for (const socket of [...sockets]) forward(socket);
    },
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('GET /health (real Temporal and PostgreSQL)', () => {
  let stack: TestStack;
  let withWorker: OpsHttpApp;

  beforeAll(async () => {
    stack = await useTestStack();
    withWorker = await startOpsHttpApp(stack, { imports: [HealthModule.forRoot()], providers: [HealthProbeWorkflow] });
  });

  afterAll(async () => {
    await withWorker?.close();
    await stack?.stop();
  });

  it('answers 200 with the Temporal, database and worker checks ok while a worker polls the task queue', async () => {
    // The worker's first poll reaches Temporal a moment after the application has started.
    await waitFor(async () => (await withWorker.get('/health')).status === 200, 15_000);
    const { status, report, headers } = await healthOf(withWorker);
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(headers.get('cache-control'), 'no-store');
    assert.equal(report.status, 'ok');
    const { temporal, database, worker } = report.checks;
    assert.deepEqual([temporal.status, database.status, worker.status], ['ok', 'ok', 'ok']);
    assert.equal(temporal.namespace, stack.namespace);
    assert.deepEqual(worker.queuesWithoutPollers, []);
    assert.equal(worker.taskQueues?.length, 1);
    assert.equal(worker.taskQueues?.[0].name, withWorker.taskQueue);
    assert.ok((worker.taskQueues?.[0].pollers ?? 0) >= 1);
    for (const check of [temporal, database, worker]) {
      assert.ok(Number.isInteger(check.latencyMs) && check.latencyMs >= 0, `latency ${check.latencyMs}`);
      assert.equal(check.error, undefined);
    }
  });

  it('answers 503 naming the task queue that no worker polls', async () => {
    const apiOnly = await startOpsHttpApp(stack, { imports: [HealthModule.forRoot()], providers: [HealthProbeWorkflow], worker: false });
    try {
      const { status, report } = await healthOf(apiOnly);
      assert.equal(status, 503);
      assert.equal(report.status, 'degraded');
      const { temporal, database, worker } = report.checks;
      assert.deepEqual([temporal.status, database.status, worker.status], ['ok', 'ok', 'failed']);
      assert.deepEqual(worker.queuesWithoutPollers, [apiOnly.taskQueue]);
      assert.deepEqual(worker.taskQueues, [{ name: apiOnly.taskQueue, pollers: 0 }]);
      assert.equal(
        worker.error,
        `No worker polled task queue "${apiOnly.taskQueue}" in the last 90 s: ` +
          'start a Baton worker (apps/worker, or OrchestrationModule with workers enabled) that serves those workflows.',
      );
    } finally {
      await apiOnly.close();
    }
  });

  it('skips the database check without persistence, and stays ok when the workers of another process poll the queue', async () => {
    const apiOnly = await startOpsHttpApp(stack, {
      imports: [HealthModule.forRoot()],
      providers: [HealthProbeWorkflow],
      worker: false,
      persistence: false,
      taskQueue: withWorker.taskQueue,
    });
    try {
      const { status, report } = await healthOf(apiOnly);
      assert.equal(status, 200);
      assert.equal(report.checks.database.status, 'skipped');
      assert.match(report.checks.database.error ?? '', /Persistence is not configured/);
      assert.equal(report.checks.worker.status, 'ok');
    } finally {
      await apiOnly.close();
    }
  });

  it('fails the Temporal and worker checks at their deadline when Temporal never answers, instead of hanging', async () => {
    const proxy = await startStallingProxy(stack.temporalAddress);
    const stuck = await startOpsHttpApp(stack, {
      imports: [HealthModule.forRoot({ timeoutMs: 500 })],
      providers: [HealthProbeWorkflow],
      worker: false,
      temporalAddress: proxy.address,
    });
    try {
      const started = Date.now();
      const { status, report } = await healthOf(stuck);
      const elapsed = Date.now() - started;
      assert.equal(status, 503);
      assert.ok(elapsed < 2_000, `answered after ${elapsed} ms`);
      const { temporal, database, worker } = report.checks;
      assert.deepEqual([temporal.status, database.status, worker.status], ['failed', 'ok', 'failed']);
      assert.equal(temporal.error, 'no answer within 500 ms');
      assert.equal(worker.error, 'no answer within 500 ms');
      assert.ok(temporal.latencyMs >= 500 && temporal.latencyMs < 2_000, `latency ${temporal.latencyMs}`);
    } finally {
      proxy.release();
      await stuck.close();
      await proxy.stop();
    }
  });
});

import { Injectable } from '@nestjs/common';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { PACKAGE_BUILDER_PROVIDERS, WorkspaceRoots } from '@baton/package-builder';
import { discoverWorkspace } from '@baton/package-builder/workspace';
import { Step, Workflow } from '@baton/orchestration';
import { PAUSE_SIGNAL, RESUME_SIGNAL } from '@baton/orchestration/protocol';
import { startApiApp, type ApiApp } from '../support/api-app';
import { collect, graphql, graphqlData, wsClient } from '../support/graphql-client';
import { windowSnapshots } from '@baton/testing';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { REPO_ROOT } from '../support/repository';
import { useTestStack, type TestStack } from '../support/test-stack';

interface ProgressValue {
  completed: number;
  total: number;
  percent: number;
  running: number;
  paused: boolean;
  closed: boolean;
  concurrency: number;
}
interface EventValue {
  type: string;
  key: string | null;
  status: string | null;
  sequence: number;
}

const START = `mutation($input: JSON) { startWorkflow(name: "PackageBuilder", input: $input) { id status workflow } }`;
const PROGRESS = `subscription($id: ID!) { executionProgress(id: $id) { completed total percent running paused closed concurrency } }`;
const EVENTS = `subscription($id: ID!) { executionEvents(id: $id) { type key status sequence } }`;

/** A workspace of `count` independent packages whose build takes `ms`: wide enough to fill any window. */
function wideWorkspace(root: string, count: number, ms: number): string {
  const dir = join(root, `wide-${count}`);
  writeFileSync(join(mkdirp(dir), 'package.json'), JSON.stringify({ name: 'wide', private: true, workspaces: ['packages/*'] }));
  for (let index = 1; index <= count; index++) {
    const name = `p${String(index).padStart(2, '0')}`;
    const packageDir = mkdirp(join(dir, 'packages', name));
    writeFileSync(
      join(packageDir, 'package.json'),
      JSON.stringify({ name: `@wide/${name}`, version: '1.0.0', scripts: { build: `node -e "setTimeout(() => {}, ${ms})"` } }),
    );
  }
  return dir;
}

/** An internal workflow next to PackageBuilder: one that only other workflows start. */
@Workflow({ name: 'NotifyOwner', internal: true })
@Injectable()
class NotifyOwnerWorkflow {
  @Step()
  notify(owner: string): string {
    return `notified ${owner}`;
  }
}

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('GraphQL API end to end: PackageBuilder over HTTP and graphql-ws', () => {
  let stack: TestStack;
  let api: ApiApp;
  let ws: Client;
  let fixtures: string;

  beforeAll(async () => {
    fixtures = copyPackageBuilderFixtures('baton-api-fixtures-');
    stack = await useTestStack();
    api = await startApiApp(stack, {
      providers: [
        ...PACKAGE_BUILDER_PROVIDERS,
        NotifyOwnerWorkflow,
        { provide: WorkspaceRoots, useValue: WorkspaceRoots.fromEnvironment({ BATON_WORKSPACE_ROOTS: fixtures }) },
      ],
    });
    ws = wsClient(api.url);
  });

  afterAll(async () => {
    await ws?.dispose();
    await api?.close();
    await stack?.stop();
  });

  const start = async (input: Record<string, unknown>): Promise<string> =>
    (await graphqlData<{ startWorkflow: { id: string } }>(api.url, START, { input })).startWorkflow.id;
  const historyOf = async (id: string) => (await (await api.client.temporal()).workflow.getHandle(id).fetchHistory()).events!;
  const waitForEvents = async (id: string, until: (events: EventValue[]) => boolean): Promise<EventValue[]> => {
    const values = await collect<{ executionEvents: EventValue }>(ws, EVENTS, { id }, (_value, all) =>
      until(all.map((value) => value.executionEvents)),
    );
    return values.map((value) => value.executionEvents);
  };

  it('streams progress that only grows and reaches 100%, then serves the report, the items and the live graph', async () => {
    const monorepo = join(fixtures, 'monorepo');
    const workspace = await discoverWorkspace(monorepo);
    const built = workspace.packages.filter((pkg) => pkg.scripts.build !== undefined).map((pkg) => pkg.name);

    const id = await start({ workspace: monorepo, concurrency: 4 });
    const [progress, events] = await Promise.all([
      collect<{ executionProgress: ProgressValue }>(ws, PROGRESS, { id }),
      collect<{ executionEvents: EventValue }>(ws, EVENTS, { id }),
    ]);

    const values = progress.map((value) => value.executionProgress);
    assert.ok(values.length >= 3, `several progress updates arrived (${values.length})`);
    for (let index = 1; index < values.length; index++) {
      assert.ok(values[index].completed >= values[index - 1].completed, 'completed never goes back');
      assert.ok(values[index].percent >= values[index - 1].percent, 'percent never goes back');
    }
    assert.ok(values.every((value) => value.running <= 4));
    assert.deepEqual(
      { ...values.at(-1)!, concurrency: 0, running: 0 },
      {
        completed: workspace.packages.length,
        total: workspace.packages.length,
        percent: 100,
        running: 0,
        paused: false,
        closed: true,
        concurrency: 0,
      },
    );

    const stream = events.map((value) => value.executionEvents);
    const of = (type: string) =>
      stream
        .filter((event) => event.type === type)
        .map((event) => event.key)
        .sort();
    assert.deepEqual(of('ITEM_SUCCEEDED'), [...built].sort());
    assert.deepEqual(of('ITEM_STARTED'), [...built].sort(), 'every built package was announced started once');
    assert.equal(of('ITEM_SKIPPED').length, workspace.packages.length - built.length);
    for (const name of built) {
      const started = stream.findIndex((event) => event.type === 'ITEM_STARTED' && event.key === name);
      const succeeded = stream.findIndex((event) => event.type === 'ITEM_SUCCEEDED' && event.key === name);
      assert.ok(started < succeeded, `${name} started before it succeeded`);
    }
    assert.deepEqual(stream.at(-1), { ...stream.at(-1)!, type: 'STATUS_CHANGED', status: 'COMPLETED' });

    const { execution } = await graphqlData<{
      execution: {
        status: string;
        report: { totals: { succeeded: number; skipped: number } };
        items: { nodes: { key: string; status: string }[] };
        one: { key: string; status: string; attempts: number; preview: string } | null;
        none: null;
        graph: { nodes: { id: string; kind: string; status: string }[]; edges: { from: string; to: string }[] };
      };
    }>(
      api.url,
      `query($id: ID!, $key: String!) { execution(id: $id) {
        status report items(first: 100) { nodes { key status } }
        one: item(step: "build", key: $key) { key status attempts preview }
        none: item(step: "build", key: "@acme/none") { key }
        graph { nodes { id kind status } edges { from to } } } }`,
      { id, key: built[0] },
    );
    assert.equal(execution.status, 'COMPLETED');
    assert.equal(execution.one?.key, built[0]);
    assert.equal(execution.one?.status, 'SUCCEEDED');
    assert.equal(execution.one?.attempts, 1);
    assert.equal((JSON.parse(execution.one?.preview ?? '{}') as { name?: string }).name, built[0]);
    assert.equal(execution.none, null, 'no item by that key');
    assert.equal(execution.report.totals.succeeded, built.length);
    assert.equal(execution.items.nodes.length, workspace.packages.length);
    const items = execution.graph.nodes.filter((node) => node.kind === 'ITEM');
    assert.equal(items.length, workspace.packages.length);
    assert.ok(items.every((node) => node.status === (built.includes(node.id.slice('build/'.length)) ? 'SUCCEEDED' : 'SKIPPED')));
    assert.deepEqual(
      execution.graph.nodes.filter((node) => node.kind !== 'ITEM').map((node) => [node.id, node.status]),
      [
        ['plan', 'SUCCEEDED'],
        ['build', 'SUCCEEDED'],
        ['report', 'SUCCEEDED'],
      ],
    );
    const dependencyEdges = workspace.packages.reduce((sum, pkg) => sum + pkg.dependencies.length, 0);
    assert.equal(execution.graph.edges.length, 3 + dependencyEdges);

    // Each package is an activity of the run itself: listings show the execution, and no child executions, even when
    // children are asked for.
    const listed = await graphqlData<{ top: { nodes: { id: string }[] }; all: { nodes: { id: string; parentId: string | null }[] } }>(
      api.url,
      `{ top: executions(first: 100) { nodes { id } }
         all: executions(first: 100, filter: { includeChildren: true }) { nodes { id parentId } } }`,
    );
    assert.ok(listed.top.nodes.some((node) => node.id === id));
    assert.ok(listed.top.nodes.every((node) => !node.id.startsWith(`${id}/`)));
    assert.ok(listed.all.nodes.some((node) => node.id === id));
    assert.deepEqual(
      listed.all.nodes.filter((node) => node.parentId === id),
      [],
      'no child workflow per package',
    );
  });

  it('refuses a workspace outside the allowed roots, and bad PackageBuilder input, with clear errors', async () => {
    const outside = await graphql(api.url, START, { input: { workspace: REPO_ROOT, concurrency: 2 } });
    assert.equal(outside.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.match(
      outside.errors![0].message,
      /is outside the allowed roots \(".*"\); build a workspace under one of them, or add its folder to BATON_WORKSPACE_ROOTS/,
    );
    const bad = await graphql(api.url, START, { input: { workspace: join(fixtures, 'monorepo'), concurrency: 0, filter: 'x' } });
    assert.deepEqual(bad.errors?.[0].extensions?.problems, [
      'loop step "build" reads its concurrency from the input property "concurrency", which must be an integer from 1 to 1000, but it ' +
        'is a number (0)',
      '"filter" must be a list of at most 1000 package selectors (pnpm\'s --filter syntax), each 1 to 1000 characters without NUL, ' +
        'but got a string ("x")',
    ]);
    const { executions } = await graphqlData<{ executions: { nodes: { id: string }[] } }>(
      api.url,
      '{ executions(first: 500) { nodes { id } } }',
    );
    assert.ok(executions.nodes.length >= 1, 'the server keeps serving');
  });

  it('refuses to start an internal workflow from the API, starts nothing, and lists it as internal', async () => {
    const id = `internal-from-api-${Date.now()}`;
    const refused = await graphql(
      api.url,
      'mutation($id: String, $input: JSON) { startWorkflow(name: "NotifyOwner", id: $id, input: $input) { id } }',
      { id, input: 'someone' },
    );
    assert.equal(refused.errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.match(
      refused.errors![0].message,
      new RegExp(
        /The workflow "NotifyOwner" is internal: it is started by its parent workflow, not through the API\. /.source +
          /Start the workflow that runs it instead\./.source,
      ),
    );
    await assert.rejects(
      (await api.client.temporal()).workflow.getHandle(id).describe(),
      { name: 'WorkflowNotFoundError' },
      'nothing started',
    );

    const { workflows } = await graphqlData<{ workflows: { name: string; internal: boolean }[] }>(
      api.url,
      '{ workflows { name internal } }',
    );
    assert.deepEqual(Object.fromEntries(workflows.map((workflow) => [workflow.name, workflow.internal])), {
      NotifyOwner: true,
      PackageBuilder: false,
    });
  });

  it('cancels a running build', async () => {
    const id = await start({ workspace: wideWorkspace(fixtures, 12, 1500), concurrency: 2 });
    await waitForEvents(id, (events) => events.some((event) => event.type === 'ITEM_STARTED'));
    const closing = waitForEvents(id, (events) => events.some((event) => event.type === 'STATUS_CHANGED' && event.status !== 'RUNNING'));
    await graphqlData(api.url, 'mutation($id: ID!) { cancelExecution(id: $id) { id } }', { id });
    const events = await closing;
    assert.equal(events.at(-1)!.status, 'CANCELLED');
    const { execution } = await graphqlData<{ execution: { status: string; progress: { completed: number; total: number } } }>(
      api.url,
      'query($id: ID!) { execution(id: $id) { status progress { completed total } } }',
      { id },
    );
    assert.equal(execution.status, 'CANCELLED');
    assert.ok(execution.progress.completed < execution.progress.total, 'it stopped before building everything');
  });

  it('pauses (no build starts while paused, running builds finish) and resumes', async () => {
    const id = await start({ workspace: wideWorkspace(fixtures, 10, 400), concurrency: 3 });
    await waitForEvents(id, (events) => events.some((event) => event.type === 'ITEM_SUCCEEDED'));
    const paused = await graphqlData<{ pauseExecution: { progress: { paused: boolean } } }>(
      api.url,
      'mutation($id: ID!) { pauseExecution(id: $id) { progress { paused } } }',
      { id },
    );
    assert.equal(paused.pauseExecution.progress.paused, true);
    // The record says paused once the workflow handled the signal; running builds finish meanwhile.
    await collect<{ executionProgress: ProgressValue }>(
      ws,
      PROGRESS,
      { id },
      (value) => value.executionProgress.paused && value.executionProgress.running === 0,
    );
    const resumed = await graphqlData<{ resumeExecution: { progress: { paused: boolean } } }>(
      api.url,
      'mutation($id: ID!) { resumeExecution(id: $id) { progress { paused } } }',
      { id },
    );
    assert.equal(resumed.resumeExecution.progress.paused, false);
    const final = await collect<{ executionProgress: ProgressValue }>(ws, PROGRESS, { id });
    assert.equal(final.at(-1)!.executionProgress.completed, 10);

    const events = await historyOf(id);
    const signal = (name: string) => events.findIndex((event) => event.workflowExecutionSignaledEventAttributes?.signalName === name);
    const [pausedAt, resumedAt] = [signal(PAUSE_SIGNAL), signal(RESUME_SIGNAL)];
    assert.ok(pausedAt > 0 && resumedAt > pausedAt);
    const startedWhilePaused = events
      .slice(pausedAt, resumedAt)
      .filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes != null);
    assert.equal(startedWhilePaused.length, 0, 'no build started between pause and resume');
  });

  it('changes the window from 2 to 6 mid-run: at most 2 builds in flight before, up to 6 after', async () => {
    const id = await start({ workspace: wideWorkspace(fixtures, 24, 700), concurrency: 2 });
    await waitForEvents(id, (events) => events.filter((event) => event.type === 'ITEM_SUCCEEDED').length >= 2);
    const { setConcurrency } = await graphqlData<{ setConcurrency: { previous: number; concurrency: number } }>(
      api.url,
      'mutation($id: ID!) { setConcurrency(id: $id, concurrency: 6) { previous concurrency } }',
      { id },
    );
    assert.deepEqual(setConcurrency, { previous: 2, concurrency: 6 });
    const final = await collect<{ executionProgress: ProgressValue }>(ws, PROGRESS, { id });
    assert.equal(final.at(-1)!.executionProgress.completed, 24);

    const events = await historyOf(id);
    const updateAt = Number(events.find((event) => event.workflowExecutionUpdateAcceptedEventAttributes != null)!.eventId);
    const snapshots = windowSnapshots(events, 'activity', 'PackageBuilderWorkflow.build');
    const before = snapshots.filter((snapshot) => snapshot.eventId < updateAt);
    const afterUpdate = snapshots.filter((snapshot) => snapshot.eventId > updateAt);
    assert.ok(before.length > 0 && afterUpdate.length > 0);
    assert.ok(
      before.every((snapshot) => snapshot.open <= 2),
      `at most 2 before: ${before.map((snapshot) => snapshot.open)}`,
    );
    assert.equal(Math.max(...afterUpdate.map((snapshot) => snapshot.open)), 6, 'the window filled to 6 after the update');
    // Exact after the update: 6 open whenever 6 packages remain unfinished.
    for (const snapshot of afterUpdate) assert.equal(snapshot.open, Math.min(6, 24 - snapshot.closed));
  });
});

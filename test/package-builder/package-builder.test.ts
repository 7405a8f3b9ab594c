import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { rootMessage } from '@baton/orchestration';
import {
  BuildPackageWorkflow,
  PACKAGE_BUILDER_PROVIDERS,
  PackageBuilderWorkflow,
  WorkspaceRoots,
  type BuildReport,
  type PackagePlan,
} from '@baton/package-builder';
import { discoverWorkspace } from '@baton/package-builder/workspace';
import { dependencyWindowSnapshots, maxOpen } from '@baton/testing';
import { useTestStack, type TestStack } from '../support/test-stack';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { REPO_ROOT } from '../support/repository';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';
import { isProcessAlive } from '@baton/orchestration/process';

const CLI = join(REPO_ROOT, 'dist', 'apps', 'cli', 'src', 'baton.main.js');

interface FixtureEvent {
  package: string;
  event: 'start' | 'end';
  time: number;
  pid: number;
}

/** Where each child workflow's package name sits in its id: `<parent id>/build/<package>#<parent's first run id>`. */
const packageOfChild = (workflowId: string) =>
  workflowId.slice(workflowId.indexOf('/build/') + '/build/'.length, workflowId.lastIndexOf('#'));

/** The dependency map without skipped packages, each of their dependents waiting on what they depended on instead. */
function withoutSkipped(dependencies: ReadonlyMap<string, readonly string[]>, skipped: ReadonlySet<string>): Map<string, string[]> {
  const resolve = (name: string): string[] => (skipped.has(name) ? dependencies.get(name)!.flatMap(resolve) : [name]);
  return new Map(
    [...dependencies].filter(([name]) => !skipped.has(name)).map(([name, needs]) => [name, [...new Set(needs.flatMap(resolve))]]),
  );
}

/** Gone, or a zombie (this VM's init may reap slowly): the library's own probe. */
const isGone = (pid: number): boolean => !isProcessAlive(pid);

describe('PackageBuilder on real workspaces (real Temporal, real child processes)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  let fixtures: string;
  let inside: string;
  let logs: string;

  /**
   * Each run's build tool writes start/end lines with real process times to its own log. Build scripts see only the
   * variables BATON_SCRIPT_ENV lets in besides the usual ones, so it names the log's variable.
   */
  function useLog(name: string): string {
    const log = join(logs, `${name}.log`);
    process.env.BATON_FIXTURE_LOG = log;
    process.env.BATON_SCRIPT_ENV = 'BATON_FIXTURE_LOG';
    return log;
  }
  const readLog = (log: string): FixtureEvent[] =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FixtureEvent);

  beforeAll(async () => {
    fixtures = copyPackageBuilderFixtures('baton-fixtures-');
    logs = mkdtempSync(join(tmpdir(), 'baton-fixture-logs-'));
    stack = await useTestStack();
    // The allowed roots: the fixtures and one folder for the workspaces tests write; anything else is outside,
    // wherever the repository itself is checked out.
    inside = mkdtempSync(join(tmpdir(), 'baton-allowed-'));
    worker = await startWorkerApp(stack, [
      ...PACKAGE_BUILDER_PROVIDERS,
      { provide: WorkspaceRoots, useValue: new WorkspaceRoots([fixtures, inside]) },
    ]);
  });

  afterAll(async () => {
    delete process.env.BATON_FIXTURE_LOG;
    delete process.env.BATON_SCRIPT_ENV;
    await worker?.close();
    await stack?.stop();
  });

  it('builds the monorepo in dependency order with exactly min(4, ready) builds in flight', async () => {
    const workspace = await discoverWorkspace(join(fixtures, 'monorepo'));
    assert.ok(workspace.packages.length >= 20);
    const dependencies = new Map(workspace.packages.map((pkg) => [pkg.name, pkg.dependencies]));
    const withoutBuild = workspace.packages.filter((pkg) => pkg.scripts.build === undefined).map((pkg) => pkg.name);
    const log = useLog('monorepo');

    const handle = await worker.client.start<BuildReport>(PackageBuilderWorkflow, { workspace: workspace.root, concurrency: 4 });
    const report = await handle.result();

    assert.equal(report.totals.succeeded, workspace.packages.length - withoutBuild.length);
    assert.equal(report.totals.skipped, withoutBuild.length);
    assert.equal(report.totals.failed + report.totals.blocked, 0);

    // From the report: every package started after all its dependencies finished.
    const byName = new Map(report.packages.map((pkg) => [pkg.name, pkg]));
    for (const pkg of report.packages) {
      for (const dependency of dependencies.get(pkg.name)!) {
        assert.ok(
          Date.parse(pkg.startedAt!) >= Date.parse(byName.get(dependency)!.finishedAt!),
          `${pkg.name} started after ${dependency} finished`,
        );
      }
    }
    // From the real processes: no build process started before its dependencies' build processes ended.
    const events = readLog(log);
    const ended = new Map(events.filter((event) => event.event === 'end').map((event) => [event.package, event.time]));
    for (const start of events.filter((event) => event.event === 'start')) {
      for (const dependency of dependencies.get(start.package)!) {
        if (ended.has(dependency)) {
          assert.ok(start.time >= ended.get(dependency)!, `${start.package}'s build started after ${dependency}'s build ended`);
        }
      }
    }
    // From the Temporal history: children start only after their dependencies' children completed, never more than
    // 4 are open, and after every workflow task exactly min(4, ready) are.
    // Packages without a build script are skipped without a child workflow: in the history, their dependents wait
    // on what they depend on.
    const { events: history } = await handle.fetchHistory();
    assert.equal(maxOpen(history!, 'child'), 4);
    const children = await listChildren(handle.workflowId);
    assert.deepEqual(
      children.sort(),
      workspace.packages
        .map((pkg) => pkg.name)
        .filter((name) => !withoutBuild.includes(name))
        .sort(),
    );
    const snapshots = dependencyWindowSnapshots(history!, withoutSkipped(dependencies, new Set(withoutBuild)), packageOfChild);
    assert.ok(snapshots.length > 5);
    for (const snapshot of snapshots) {
      assert.equal(snapshot.open, Math.min(4, snapshot.readyUnfinished), `after WorkflowTaskCompleted #${snapshot.eventId}`);
    }
    assert.ok(report.makespanRatio >= 1, 'no schedule beats the lower bound');
    assert.deepEqual(report.criticalPath.packages.length > 1, true);
  });

  it('blocks the transitive dependents of a failed package, builds everything else, and the CLI exits non-zero', async () => {
    const root = join(fixtures, 'monorepo-failing');
    const workspace = await discoverWorkspace(root);
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: stack.namespace,
      DATABASE_URL: stack.databaseUrl,
      BATON_FIXTURE_LOG: useLog('failing'),
      BATON_SCRIPT_ENV: 'BATON_FIXTURE_LOG',
    };
    const jsonPath = join(logs, 'failing-report.json');
    const markdownPath = join(logs, 'failing-report.md');
    const cli = spawn(process.execPath, [CLI, 'build', root, '--concurrency', '4', '--json', jsonPath, '--report', markdownPath], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    assert.equal(exitCode, 1, output);

    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as BuildReport;
    const failed = report.packages.filter((pkg) => pkg.status === 'failed');
    assert.equal(failed.length, 1);
    const [culprit] = failed;
    assert.match(culprit.error!, /exited with code 1\. Last output:\n[\s\S]*error TS/);

    // Transitive dependents of the failed package, computed independently from the workspace.
    const dependents = new Set<string>();
    let grew = true;
    while (grew) {
      grew = false;
      for (const pkg of workspace.packages) {
        if (!dependents.has(pkg.name) && pkg.dependencies.some((dependency) => dependency === culprit.name || dependents.has(dependency))) {
          dependents.add(pkg.name);
          grew = true;
        }
      }
    }
    assert.ok(dependents.size >= 2);
    const blocked = report.packages.filter((pkg) => pkg.status === 'blocked');
    assert.deepEqual(blocked.map((pkg) => pkg.name).sort(), [...dependents].sort());
    assert.ok(blocked.every((pkg) => pkg.blockedBy === culprit.name && pkg.attempts === 0));
    assert.equal(report.totals.succeeded + report.totals.skipped, workspace.packages.length - 1 - dependents.size);
    assert.match(output, new RegExp(`blocked by ${culprit.name.replace('/', '\\/')}`));
    assert.match(readFileSync(markdownPath, 'utf8'), new RegExp(`## ${culprit.name.replace('/', '\\/')} failed`));

    // No child workflow, and no build process, ever existed for a blocked package.
    const started = new Set(readLog(process.env.BATON_FIXTURE_LOG!).map((event) => event.package));
    const temporal = await worker.client.temporal();
    const parentId = /^PackageBuilder (\S+)/m.exec(output)?.[1];
    assert.ok(parentId, 'the CLI printed the workflow id');
    // 22 packages never continue as new: the run described is the first run.
    const { runId: firstExecutionRunId } = await temporal.workflow.getHandle(parentId).describe();
    for (const name of dependents) {
      assert.ok(!started.has(name), `${name} never built`);
      const error = await temporal.workflow
        .getHandle(`${parentId}/build/${name}#${firstExecutionRunId}`)
        .describe()
        .catch((failure: unknown) => failure);
      assert.ok(error instanceof WorkflowNotFoundError, `no child workflow exists for ${name}`);
    }
  });

  it('builds every package even when another caller started executions under the children’s readable ids first', async () => {
    useLog('claimed');
    const workspace = join(fixtures, 'fifo-adversarial');
    const names = (await discoverWorkspace(workspace)).packages.map((pkg) => pkg.name);
    const parentId = `claimed-${Date.now()}`;
    const temporal = await worker.client.temporal();
    // Squatters under every id a child could have had without the parent's run id: a workflow type nobody serves.
    const squatters = await Promise.all(
      names.map((name) => temporal.workflow.start('NobodyServesThis', { taskQueue: 'nobody', workflowId: `${parentId}/build/${name}` })),
    );
    try {
      const handle = await worker.client.start<BuildReport>(
        PackageBuilderWorkflow,
        { workspace, concurrency: 2 },
        { workflowId: parentId },
      );
      const report = await handle.result();
      assert.equal(report.totals.failed, 0);
      assert.equal(report.totals.succeeded, names.length);
      const { firstExecutionRunId } = handle;
      const children = await listChildIds(parentId);
      assert.deepEqual(
        children.map((id) => id.endsWith(`#${firstExecutionRunId}`)),
        names.map(() => true),
        'every child id carries the parent’s first run id',
      );
    } finally {
      await Promise.all(squatters.map((squatter) => squatter.terminate()));
    }
  });

  it('reports a dependency cycle with its path before building anything', async () => {
    const root = mkdtempSync(join(inside, 'cycle-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cycle-root', private: true, workspaces: ['packages/*'] }));
    for (const [name, dependency] of [
      ['a', 'b'],
      ['b', 'a'],
      ['c', undefined],
    ] as const) {
      mkdirSync(join(root, 'packages', name), { recursive: true });
      writeFileSync(
        join(root, 'packages', name, 'package.json'),
        JSON.stringify({
          name: `@cycle/${name}`,
          version: '1.0.0',
          scripts: { build: 'node -e "process.exit(0)"' },
          dependencies: dependency ? { [`@cycle/${dependency}`]: 'workspace:*' } : {},
        }),
      );
    }
    const handle = await worker.client.start(PackageBuilderWorkflow, { workspace: root });
    const error = await handle.result().catch((failure: unknown) => failure);
    assert.ok(error instanceof WorkflowFailedError);
    assert.match(rootMessage(error), /@cycle\/a → @cycle\/b → @cycle\/a/);
    const { events } = await handle.fetchHistory();
    assert.equal(
      events!.filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes != null).length,
      0,
      'nothing was built',
    );
  });

  it('kills the running builds’ processes within 2 s of the cancellation', async () => {
    const log = useLog('cancelled');
    const handle = await worker.client.start(PackageBuilderWorkflow, { workspace: join(fixtures, 'monorepo'), concurrency: 4 });
    const running = () => {
      const events = readLogSafe(log);
      const ended = new Set(events.filter((event) => event.event === 'end').map((event) => event.pid));
      return events.filter((event) => event.event === 'start' && !ended.has(event.pid)).map((event) => event.pid);
    };
    while (running().length < 2) {
      await sleep(20);
    }
    const interrupted = running();
    const cancelledAt = performance.now();
    await handle.cancel();
    while (!interrupted.every(isGone) && performance.now() - cancelledAt < 20_000) {
      await sleep(20);
    }
    const goneAfterMs = performance.now() - cancelledAt;
    console.log(`${interrupted.length} running builds killed ${Math.round(goneAfterMs)} ms after the cancellation`);
    assert.deepEqual(
      interrupted.filter((pid) => !isGone(pid)),
      [],
      'every interrupted build process is gone',
    );
    // The cancellation crosses the parent, each BuildPackage child and its activity's next heartbeat answer.
    assert.ok(goneAfterMs < 2_000, `the builds were killed ${Math.round(goneAfterMs)} ms after the cancellation`);
    const error = await handle.result().catch((failure: unknown) => failure);
    assert.ok(error instanceof WorkflowFailedError, 'the workflow ended cancelled');
  });

  it('finishes the FIFO-adversarial workspace within 10% of its lower bound', async () => {
    useLog('fifo');
    const report = await worker.client.execute<BuildReport>(PackageBuilderWorkflow, {
      workspace: join(fixtures, 'fifo-adversarial'),
      concurrency: 2,
    });
    assert.equal(report.totals.failed, 0);
    assert.ok(report.makespanRatio <= 1.1, `makespan ${report.makespanMs} ms vs lower bound ${report.lowerBoundMs} ms`);
  });

  describe('BuildPackage started directly, as any Temporal client could (the worker checks, whoever started it)', () => {
    /** A package whose build script would leave a marker file: the marker's absence proves nothing ran. */
    function markerPackage(parent: string): { dir: string; marker: string } {
      const dir = mkdtempSync(join(parent, 'baton-marker-'));
      const marker = join(dir, 'built');
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'marker', version: '1.0.0', scripts: { build: `node -e "require('fs').writeFileSync('built', '')"` } }),
      );
      return { dir, marker };
    }
    const plan = (dir: string, overrides: Partial<PackagePlan> = {}): PackagePlan => ({
      name: 'marker',
      version: '1.0.0',
      dir,
      relativeDir: '.',
      workspaceRoot: dir,
      packageManager: 'npm',
      dependencies: [],
      hasBuild: true,
      runTests: false,
      timeoutMs: 60_000,
      ...overrides,
    });
    async function refusal(input: PackagePlan): Promise<string> {
      const error = await worker.client.execute(BuildPackageWorkflow, input).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof WorkflowFailedError, 'the build was refused');
      return rootMessage(error);
    }
    // The roots are the temp folder; the repository is outside it.
    const outsideRoots = () => markerPackage(mkdtempSync(join(tmpdir(), 'baton-outside-')));

    it('refuses a package folder outside the allowed roots, without running its script', async () => {
      const { dir, marker } = outsideRoots();
      assert.match(
        await refusal(plan(dir)),
        new RegExp(
          /Refused to build package "marker": the package folder ".*" is outside the allowed roots \(".*"\); /.source +
            /build a workspace under one of them, or add its folder to/.source,
        ),
      );
      assert.ok(!existsSync(marker), 'the build script never ran');
    });

    it('refuses a link inside the roots that leads out of them', async () => {
      const { dir, marker } = outsideRoots();
      const link = join(mkdtempSync(join(inside, 'link-')), 'linked');
      symlinkSync(dir, link);
      assert.match(await refusal(plan(link)), /the package folder ".*linked" \(a link to ".*outside-.*"\) is outside the allowed roots/);
      assert.ok(!existsSync(marker), 'the build script never ran');
    });

    it('refuses a workspace root outside the roots or not holding the package: its node_modules/.bin go on PATH', async () => {
      const { dir, marker } = markerPackage(inside);
      assert.match(
        await refusal(plan(dir, { workspaceRoot: mkdtempSync(join(tmpdir(), 'baton-outside-')) })),
        /Refused to build package "marker": the workspace ".*baton-outside-.*" is outside the allowed roots/,
      );
      assert.match(
        await refusal(plan(dir, { workspaceRoot: mkdtempSync(join(inside, 'other-')) })),
        /Package "marker" is in .*, which is not inside its workspace .*other-.* \(links resolved\), so its scripts are not run/,
      );
      assert.ok(!existsSync(marker), 'the build script never ran');
    });

    it('runs only npm, pnpm or yarn, found by name: a path in packageManager is refused', async () => {
      const { dir, marker } = markerPackage(inside);
      for (const packageManager of ['../../../../../../bin/echo', '/bin/sh', 'npx']) {
        assert.match(
          await refusal(plan(dir, { packageManager: packageManager as PackagePlan['packageManager'] })),
          /was to be built with package manager ".*", but PackageBuilder runs scripts only with npm, pnpm, yarn/,
        );
      }
      assert.ok(!existsSync(marker), 'nothing ran');
    });
  });

  it('replays every history of this suite without a determinism error', async () => {
    assert.ok((await worker.assertReplays()) >= 20);
  });

  async function listChildIds(parentId: string): Promise<string[]> {
    const { events } = await (await worker.client.temporal()).workflow.getHandle(parentId).fetchHistory();
    return events!.flatMap((event) => {
      const started = event.startChildWorkflowExecutionInitiatedEventAttributes;
      return started == null ? [] : [started.workflowId!];
    });
  }

  async function listChildren(parentId: string): Promise<string[]> {
    return (await listChildIds(parentId)).map(packageOfChild);
  }

  function readLogSafe(log: string): FixtureEvent[] {
    try {
      return readLog(log);
    } catch {
      return [];
    }
  }
});

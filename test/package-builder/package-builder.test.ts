import { WorkflowFailedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { rootMessage } from '@baton/orchestration';
import {
  PACKAGE_BUILDER_PROVIDERS,
  PackageBuildService,
  PackageBuilderWorkflow,
  reportToMarkdown,
  reportToTable,
  WorkspaceRoots,
  type BuildReport,
  type PackagePlan,
} from '@baton/package-builder';
import { discoverWorkspace } from '@baton/package-builder/workspace';
import { dependencyWindowSnapshots, maxOpen, type HistoryEvent } from '@baton/testing';
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

/** Each package builds in one activity of this type, with its plan as the first argument. */
const BUILD_ACTIVITY = 'PackageBuilderWorkflow.build';

/** The package a `build` activity was scheduled for, from its input (JSON payloads). */
const packageOfActivity = (scheduled: HistoryEvent): string => {
  const [plan] = scheduled.activityTaskScheduledEventAttributes!.input!.payloads!;
  return (JSON.parse(Buffer.from(plan.data!).toString('utf8')) as PackagePlan).name;
};

/** The packages a history scheduled a `build` activity for, in order. */
const builtPackages = (history: readonly HistoryEvent[]): string[] =>
  history.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === BUILD_ACTIVITY).map(packageOfActivity);

/** The dependency map without skipped packages, each of their dependents waiting on what they depended on instead. */
function withoutSkipped(dependencies: ReadonlyMap<string, readonly string[]>, skipped: ReadonlySet<string>): Map<string, string[]> {
  const resolve = (name: string): string[] => (skipped.has(name) ? dependencies.get(name)!.flatMap(resolve) : [name]);
  return new Map(
    [...dependencies].filter(([name]) => !skipped.has(name)).map(([name, needs]) => [name, [...new Set(needs.flatMap(resolve))]]),
  );
}

/**
 * The report's work figures against the timestamps the build processes recorded themselves: each package's scripts
 * (as the report has them) enclose its build process, its work is its scripts' time, the bound and the critical path
 * are computed from that work alone, and each link's gap is measured from script end to script start.
 */
function assertReportFromScripts(
  report: BuildReport,
  events: readonly FixtureEvent[],
  dependencies: ReadonlyMap<string, readonly string[]>,
) {
  const ran = report.packages.filter((pkg) => pkg.status === 'succeeded');
  const byName = new Map(ran.map((pkg) => [pkg.name, pkg]));
  for (const event of events) {
    const pkg = byName.get(event.package)!;
    assert.ok(
      Date.parse(pkg.scriptsStartedAt!) <= event.time && event.time <= Date.parse(pkg.scriptsFinishedAt!),
      `${event.package}'s ${event.event} (${event.time}) lies within its script's run as the report has it`,
    );
    assert.ok(Date.parse(pkg.startedAt!) <= event.time && event.time <= Date.parse(pkg.finishedAt!), 'and within its activity');
  }
  for (const pkg of ran) {
    const scriptMs = Date.parse(pkg.scriptsFinishedAt!) - Date.parse(pkg.scriptsStartedAt!);
    assert.ok(Math.abs(pkg.workMs! - scriptMs) <= 1, `${pkg.name}: its work is its script's time`);
    assert.equal(pkg.overheadMs, Math.max(0, pkg.durationMs - pkg.workMs!));
  }
  assert.equal(
    report.totalWorkMs,
    ran.reduce((sum, pkg) => sum + pkg.workMs!, 0),
  );
  // The critical path is a chain of dependencies whose work adds up to its length, and no chain has more work.
  const path = report.criticalPath.packages;
  path
    .slice(1)
    .forEach((name, index) => assert.ok(dependencies.get(name)!.includes(path[index]), `${path[index]} → ${name} is a dependency`));
  assert.equal(
    report.criticalPath.durationMs,
    path.reduce((sum, name) => sum + byName.get(name)!.workMs!, 0),
  );
  const heaviest = new Map<string, number>();
  const chain = (name: string): number => {
    if (!heaviest.has(name)) {
      const below = Math.max(0, ...dependencies.get(name)!.map(chain));
      heaviest.set(name, (byName.get(name)?.workMs ?? 0) + below);
    }
    return heaviest.get(name)!;
  };
  assert.equal(Math.max(...[...dependencies.keys()].map(chain)), report.criticalPath.durationMs);
  assert.equal(report.lowerBoundMs, Math.max(report.criticalPath.durationMs, report.totalWorkMs / report.concurrency));
  // Overhead: every package's is its activity's time beyond its work, and every link's gap is non-negative.
  assert.equal(report.overhead!.perPackage.count, ran.length);
  assert.equal(report.overhead!.perPackage.maxMs, Math.max(...ran.map((pkg) => pkg.overheadMs!)));
  assert.ok(report.overhead!.links.count > 5 && report.overhead!.links.medianMs >= 0);
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
    // From the Temporal history: build activities start only after their dependencies' activities completed, never
    // more than 4 are open, and after every workflow task exactly min(4, ready) are.
    // Packages without a build script are skipped without an activity: in the history, their dependents wait on what
    // they depend on.
    const { events: history } = await handle.fetchHistory();
    assert.equal(maxOpen(history!, 'activity', BUILD_ACTIVITY), 4);
    assert.deepEqual(
      builtPackages(history!).sort(),
      workspace.packages
        .map((pkg) => pkg.name)
        .filter((name) => !withoutBuild.includes(name))
        .sort(),
    );
    assert.equal(
      history!.filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes != null).length,
      0,
      'no child workflow',
    );
    const snapshots = dependencyWindowSnapshots(
      history!,
      withoutSkipped(dependencies, new Set(withoutBuild)),
      packageOfActivity,
      'activity',
      BUILD_ACTIVITY,
    );
    assert.ok(snapshots.length > 5);
    for (const snapshot of snapshots) {
      assert.equal(snapshot.open, Math.min(4, snapshot.readyUnfinished), `after WorkflowTaskCompleted #${snapshot.eventId}`);
    }
    assert.ok(report.makespanRatio >= 1, 'no schedule beats the lower bound');
    assert.deepEqual(report.criticalPath.packages.length > 1, true);
    assertReportFromScripts(report, events, dependencies);
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

    // No build activity, and no build process, ever existed for a blocked package.
    const started = new Set(readLog(process.env.BATON_FIXTURE_LOG!).map((event) => event.package));
    const parentId = /^PackageBuilder (\S+)/m.exec(output)?.[1];
    assert.ok(parentId, 'the CLI printed the workflow id');
    const { events: history } = await (await worker.client.temporal()).workflow.getHandle(parentId).fetchHistory();
    const scheduled = new Set(builtPackages(history!));
    for (const name of dependents) {
      assert.ok(!started.has(name), `${name} never built`);
      assert.ok(!scheduled.has(name), `no build activity was scheduled for ${name}`);
    }

    // The failed run's critical path and lower bound count only the packages that ran.
    const ran = new Set(report.packages.filter((pkg) => pkg.status === 'succeeded' || pkg.status === 'failed').map((pkg) => pkg.name));
    assert.ok(report.criticalPath.packages.length > 0);
    assert.deepEqual(
      report.criticalPath.packages.filter((name) => !ran.has(name)),
      [],
      'every package on the critical path ran',
    );
    assert.equal(
      report.totalWorkMs,
      report.packages.reduce((sum, pkg) => sum + (pkg.workMs ?? 0), 0),
    );
    assert.ok(report.packages.filter((pkg) => !ran.has(pkg.name)).every((pkg) => pkg.workMs === undefined));
  });

  it('with bail, stops at the first failure: cancels the builds running, starts none after it, and still reports', async () => {
    useLog('bail');
    const handle = await worker.client.start<BuildReport>(PackageBuilderWorkflow, {
      workspace: join(fixtures, 'monorepo-failing'),
      concurrency: 4,
      bail: true,
      // An earlier test built this copy: without force, the packages it built come from the cache at once.
      force: true,
    });
    const report = await handle.result();
    const [failed, ...others] = report.packages.filter((pkg) => pkg.status === 'failed');
    assert.equal(others.length, 0);
    const stopped = report.packages.filter((pkg) => pkg.status === 'skipped' && /stops at the first failure \(bail\)/.test(pkg.error!));
    assert.ok(stopped.length > 0, 'some packages were cancelled or never started');
    assert.ok(stopped.every((pkg) => pkg.error!.includes(`item "${failed.name}" failed first`)));
    assert.ok(report.packages.filter((pkg) => pkg.status === 'blocked').every((pkg) => pkg.blockedBy === failed.name));

    // In the history: no build activity is scheduled after the failed one ended.
    const { events } = await handle.fetchHistory();
    const failedAt = events!.findIndex((event) => event.activityTaskFailedEventAttributes != null);
    assert.ok(failedAt > 0);
    assert.deepEqual(builtPackages(events!.slice(failedAt)), [], 'nothing started after the failure');
    // The report counts only what ran.
    const ran = new Set(report.packages.filter((pkg) => pkg.workMs !== undefined).map((pkg) => pkg.name));
    assert.ok(report.criticalPath.packages.every((name) => ran.has(name)));
  });

  it('builds every package once, in dependency order, across continue-as-new, and says the report has counts only', async () => {
    // A worker that continues runs as new after 100 events: the fixture's build (about 215 events) spans several runs.
    const continuing = await startWorkerApp(
      stack,
      [...PACKAGE_BUILDER_PROVIDERS, { provide: WorkspaceRoots, useValue: new WorkspaceRoots([fixtures]) }],
      undefined,
      {
        continueAsNewAfterEvents: 100,
      },
    );
    try {
      const log = useLog('continued');
      const workspace = await discoverWorkspace(join(fixtures, 'monorepo'));
      // The first test built this copy already: force, or every package would come from the cache.
      const handle = await continuing.client.start<BuildReport>(PackageBuilderWorkflow, {
        workspace: workspace.root,
        concurrency: 4,
        force: true,
      });
      const report = await handle.result();
      const { runId } = await (await continuing.client.temporal()).workflow.getHandle(handle.workflowId).describe();
      assert.notEqual(runId, handle.firstExecutionRunId, 'the run continued as new');

      const built = workspace.packages.filter((pkg) => pkg.scripts.build !== undefined);
      assert.deepEqual(report.totals, {
        packages: workspace.packages.length,
        succeeded: built.length,
        failed: 0,
        blocked: 0,
        skipped: workspace.packages.length - built.length,
      });
      assert.equal(report.packagesOmitted, true);
      const events = readLog(log);
      const starts = events.filter((event) => event.event === 'start').map((event) => event.package);
      assert.deepEqual([...starts].sort(), built.map((pkg) => pkg.name).sort(), 'every package built exactly once');
      const ended = new Map(events.filter((event) => event.event === 'end').map((event) => [event.package, event.time]));
      for (const start of events.filter((event) => event.event === 'start')) {
        for (const dependency of workspace.packages.find((pkg) => pkg.name === start.package)!.dependencies) {
          if (ended.has(dependency)) assert.ok(start.time >= ended.get(dependency)!, `${start.package} started after ${dependency} ended`);
        }
      }
    } finally {
      await continuing.close();
    }
  });

  it('builds vitest’s dependency cycle as pnpm -r does, and warns about it in the report', async () => {
    const root = join(fixtures, 'vitest-cycle');
    const cycle = ['@vitest/browser', '@vitest/browser-playwright', '@vitest/ui'];
    const log = useLog('vitest-cycle');
    // A pnpm workspace: its scripts run with the pnpm on the user's PATH, never Baton's own node_modules/.bin one.
    const userBin = mkdtempSync(join(tmpdir(), 'baton-user-bin-'));
    symlinkSync(join(REPO_ROOT, 'node_modules', '.bin', 'pnpm'), join(userBin, 'pnpm'));
    const path = process.env.PATH;
    process.env.PATH = `${userBin}${delimiter}${path ?? ''}`;
    const handle = await worker.client.start<BuildReport>(PackageBuilderWorkflow, { workspace: root, concurrency: 4 });
    let report: BuildReport;
    try {
      report = await handle.result();
    } finally {
      process.env.PATH = path;
    }

    assert.deepEqual(report.totals, { packages: 6, succeeded: 6, failed: 0, blocked: 0, skipped: 0 });
    assert.deepEqual(report.warnings, [
      'Dependency cycle: @vitest/browser, @vitest/browser-playwright and @vitest/ui depend on each other, so no order builds ' +
        'each after all its dependencies. As `pnpm -r` does, PackageBuilder builds them side by side once everything they ' +
        'depend on outside the cycle is built, without waiting on @vitest/browser → @vitest/ui, @vitest/browser-playwright → ' +
        '@vitest/browser, @vitest/ui → @vitest/browser-playwright. Remove one of the dependencies of the cycle to build them ' +
        'in dependency order.',
    ]);
    // The terminal table and the Markdown show it.
    assert.ok(reportToTable(report).includes(`\n⚠ ${report.warnings![0]}\n`));
    assert.ok(reportToMarkdown(report).includes(`## Warnings\n\n- ${report.warnings![0]}\n`));
    // From the real processes: the cycle after @vitest/utils (below @vitest/browser), vitest after the whole cycle.
    const events = readLog(log);
    const at = (pkg: string, event: 'start' | 'end') => events.find((entry) => entry.package === pkg && entry.event === event)!.time;
    for (const pkg of cycle) {
      assert.ok(at(pkg, 'start') >= at('@vitest/utils', 'end'), `${pkg} started after @vitest/utils ended`);
      assert.ok(at('vitest', 'start') >= at(pkg, 'end'), `vitest started after ${pkg} ended`);
    }
    // From the history: the three were started side by side, all before any of them completed.
    const { events: history } = await handle.fetchHistory();
    const scheduled = new Map(
      history!.flatMap((event) =>
        event.activityTaskScheduledEventAttributes?.activityType?.name === BUILD_ACTIVITY
          ? [[String(event.eventId), packageOfActivity(event)]]
          : [],
      ),
    );
    const cycleEvents = history!.flatMap((event, index) => {
      const completed = event.activityTaskCompletedEventAttributes?.scheduledEventId;
      if (completed != null) return cycle.includes(scheduled.get(String(completed))!) ? [{ index, kind: 'completed' }] : [];
      return scheduled.has(String(event.eventId)) && cycle.includes(scheduled.get(String(event.eventId))!)
        ? [{ index, kind: 'scheduled' }]
        : [];
    });
    assert.deepEqual(
      cycleEvents.map(({ kind }) => kind),
      ['scheduled', 'scheduled', 'scheduled', 'completed', 'completed', 'completed'],
    );
  });

  it('refuses, as yarn does, a cycle of "dependencies" alone, with its path, before building anything', async () => {
    const root = mkdtempSync(join(inside, 'cycle-'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'cycle-root', private: true, packageManager: 'yarn@4.5.0', workspaces: ['packages/*'] }),
    );
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
    assert.match(rootMessage(error), /yarn refuses these cycles too/);
    const { events } = await handle.fetchHistory();
    assert.deepEqual(builtPackages(events!), [], 'nothing was built');
  });

  it('builds packages without a name by folder, and a selected package whose dependency is left out of the run', async () => {
    const root = mkdtempSync(join(inside, 'nameless-'));
    const marker = `node -e "require('fs').writeFileSync('built', '')"`;
    const files: Record<string, object> = {
      'package.json': { name: 'nameless-root', private: true, workspaces: ['packages/*', 'docs', 'playground'] },
      'packages/lib/package.json': { name: '@nameless/lib', version: '1.0.0', scripts: { build: marker } },
      // A docs site and a playground without a name, as in shiki and unocss: one with a build script, one without.
      'docs/package.json': { private: true, scripts: { build: marker }, devDependencies: { '@nameless/lib': '*' } },
      'playground/package.json': { private: true, dependencies: { '@nameless/lib': '*' } },
    };
    for (const [path, manifest] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), JSON.stringify(manifest));
    }

    const report = await worker.client.execute<BuildReport>(PackageBuilderWorkflow, { workspace: root });
    assert.deepEqual(
      report.packages.map((pkg) => [pkg.name, pkg.status]),
      [
        ['./docs', 'succeeded'],
        ['./playground', 'skipped'],
        ['@nameless/lib', 'succeeded'],
      ],
    );
    const byName = new Map(report.packages.map((pkg) => [pkg.name, pkg]));
    assert.ok(Date.parse(byName.get('./docs')!.startedAt!) >= Date.parse(byName.get('@nameless/lib')!.finishedAt!));
    assert.ok(existsSync(join(root, 'docs', 'built')) && existsSync(join(root, 'packages', 'lib', 'built')));

    // pnpm's --filter semantics: ./docs alone builds docs only, against the library as it is.
    rmSync(join(root, 'docs', 'built'));
    rmSync(join(root, 'packages', 'lib', 'built'));
    // Its folder is as it was before the first build: force, or docs would come from the cache.
    const filtered = await worker.client.execute<BuildReport>(PackageBuilderWorkflow, { workspace: root, filter: ['./docs'], force: true });
    assert.deepEqual(
      filtered.packages.map((pkg) => [pkg.name, pkg.status]),
      [['./docs', 'succeeded']],
    );
    assert.ok(existsSync(join(root, 'docs', 'built')) && !existsSync(join(root, 'packages', 'lib', 'built')));

    // A filter matching nothing fails the plan step at its first attempt, naming the filter.
    const typo = await worker.client.start(PackageBuilderWorkflow, { workspace: root, filter: ['@nameless/lig'] });
    const error = await typo.result().catch((failure: unknown) => failure);
    assert.ok(error instanceof WorkflowFailedError);
    assert.match(rootMessage(error), /^The filter "@nameless\/lig" \(did you mean "@nameless\/lib"\?\) matches no package\./);
    const { events } = await typo.fetchHistory();
    const plans = events!.flatMap((event) => {
      const scheduled = event.activityTaskScheduledEventAttributes;
      return scheduled?.activityType?.name?.endsWith('plan') ? [event.eventId!.toString()] : [];
    });
    assert.deepEqual(
      events!.flatMap((event) => {
        const started = event.activityTaskStartedEventAttributes;
        return started && plans.includes(started.scheduledEventId!.toString()) ? [started.attempt] : [];
      }),
      [1],
      'the plan step ran once: a typo does not get better on a retry',
    );
  });

  it('kills the running builds’ processes within 2 s of the cancellation', async () => {
    const log = useLog('cancelled');
    // The first test built this copy already: force, or every package would come from the cache.
    const handle = await worker.client.start(PackageBuilderWorkflow, {
      workspace: join(fixtures, 'monorepo'),
      concurrency: 4,
      force: true,
    });
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
    // The cancellation crosses the workflow and each build activity's next heartbeat answer.
    assert.ok(goneAfterMs < 2_000, `the builds were killed ${Math.round(goneAfterMs)} ms after the cancellation`);
    const error = await handle.result().catch((failure: unknown) => failure);
    assert.ok(error instanceof WorkflowFailedError, 'the workflow ended cancelled');
  });

  it('builds the FIFO-adversarial workspace critical path first: the chain starts first and its head links never wait', async () => {
    useLog('fifo');
    const report = await worker.client.execute<BuildReport>(PackageBuilderWorkflow, {
      workspace: join(fixtures, 'fifo-adversarial'),
      concurrency: 2,
      force: true,
    });
    assert.equal(report.totals.failed, 0);
    // FIFO would start the chain's head (last by name) only when a slot frees, and its links would queue behind the
    // independent packages; longest-chain-first starts it at once, and its next link before any package with less
    // work after it. (The chain's last package ties with the independent ones, so it may wait for a slot.)
    const chain = ['@fifo/sdk-core', '@fifo/sdk-http', '@fifo/sdk-cli'];
    const byName = new Map(report.packages.map((pkg) => [pkg.name, pkg]));
    const firstStarted = Math.min(...report.packages.map((pkg) => Date.parse(pkg.startedAt!)));
    assert.equal(Date.parse(byName.get(chain[0])!.startedAt!), firstStarted, 'the chain starts first');
    assert.deepEqual(
      chain.slice(0, 2).map((name) => byName.get(name)!.queuedMs),
      [0, 0],
      'the chain’s head and its next link never waited for a slot',
    );
    assert.deepEqual(report.criticalPath.packages, chain);
  });

  describe('a package build scheduled directly, as any workflow on the task queue could (the worker checks, whoever asks)', () => {
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
    /** The worker's own build activity implementation, run as an activity with the plan given. */
    async function refusal(input: PackagePlan): Promise<string> {
      const packages = worker.get(PackageBuildService);
      const error = await new MockActivityEnvironment()
        .run(() => packages.build(input))
        .then(
          () => undefined,
          (failure: unknown) => failure,
        );
      assert.ok(error instanceof Error, 'the build was refused');
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
    assert.ok((await worker.assertReplays()) >= 4);
  });

  function readLogSafe(log: string): FixtureEvent[] {
    try {
      return readLog(log);
    } catch {
      return [];
    }
  }
});

import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkflowFailedError } from '@temporalio/client';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import {
  BatonClient,
  BatonWorkerService,
  errorMessage,
  graphQuery,
  installTemporalRuntime,
  loadInfrastructureConfig,
  OrchestrationModule,
  orchestrationOptionsFor,
  rootMessage,
} from '@baton/orchestration';
import { EmbeddedServerStartError, InfrastructureConnectionError, startInfrastructure, type Infrastructure } from '@baton/dev-stack';
import {
  BuildHistoryStore,
  cycleWarnings,
  DEFAULT_CONCURRENCY,
  locateWorkspacePackageManager,
  PackageBuilderModule,
  planPackages,
  previewPlan,
  type BuildReport,
  type PackagePlan,
  reportToMarkdown,
  runLogFolder,
} from '@baton/package-builder';
import {
  breakCycles,
  discoverWorkspace,
  InvalidFilterError,
  NotAWorkspaceError,
  selectPackages,
  UnmatchedFilterError,
} from '@baton/package-builder/workspace';
import { claimBuildTaskQueue } from './build-task-queue';
import { BuildStarter } from './build.starter';
import { parseBuildOptions, type BuildOptions } from './build-options';
import { BUILD_USAGE, buildFailedMessage, INTERRUPTED_MESSAGE, reportWrittenMessage, startupLines } from './cli.messages';
import { EXIT_CODE } from './exit-code';
import { graphText } from './graph-format';
import { planPreviewText } from './plan-preview.text';
import { Interruption } from './interruption';
import { BuildTracker, type BuildSnapshot } from './progress/build-tracker';
import { PackageLogFollower } from './progress/package-log.follower';
import { pollProgress } from './progress/progress.poller';
import { createBuildView } from './progress/ui-mode';
import { StartupClock } from './startup.clock';
import { UsageError } from './usage.error';

/** Activity slots each workflow task reserves for eager dispatch: a loop's first window of up to 10 starts at once. */
const EAGER_ACTIVITY_RESERVATIONS = 10;

/**
 * The `build` loop from `baton.progress` and its packages from `baton.graph`. Asked one after the other: two queries
 * to one workflow at once often made the second wait about 2 s (measured on the embedded server), each look ~50 ms.
 */
async function buildSnapshot(client: BatonClient, workflowId: string): Promise<BuildSnapshot> {
  const progress = await client.progress(workflowId);
  const graph = await (await client.temporal()).workflow.getHandle(workflowId).query(graphQuery);
  const loop = progress.loops.find((candidate) => candidate.step === 'build');
  return {
    at: Date.now(),
    ...(loop === undefined
      ? {}
      : { loop: { concurrency: loop.concurrency, startedAt: Date.parse(loop.startedAt), paused: progress.paused } }),
    items: graph.items.filter((item) => item.step === 'build'),
  };
}

/**
 * `baton build <workspace> [options]`: checks the arguments, the workspace and its package manager before anything
 * starts, then builds the workspace with the PackageBuilder workflow on a running stack under BATON_HOME (reused), an
 * embedded one it starts, or TEMPORAL_ADDRESS / DATABASE_URL; a live view while it runs and the report at the end.
 * Resolves with the exit code (see EXIT_CODE).
 */
export async function runBuild(argv: string[]): Promise<number> {
  const interruption = new Interruption();
  try {
    return await build(argv, interruption);
  } finally {
    interruption.dispose();
  }
}

async function build(argv: string[], interruption: Interruption): Promise<number> {
  const clock = new StartupClock();
  clock.mark('load', "node and Baton's modules");
  let options: BuildOptions;
  try {
    options = parseBuildOptions(argv, process.env, process.stdout.isTTY === true);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${BUILD_USAGE}`);
    return EXIT_CODE.usage;
  }
  const config = loadInfrastructureConfig();
  let plans: PackagePlan[];
  try {
    // What the plan step will do, checked here first: a bad folder or filter stops before any server starts. The
    // graph and the dry run stop here: they need neither the package manager nor a server (the durations are a file).
    const workspace = await discoverWorkspace(options.input.workspace);
    const selected = breakCycles(selectPackages(workspace, options.input.filter ?? []));
    const durations = options.dryRun ? await new BuildHistoryStore(config.home).durations(workspace.root) : {};
    plans = planPackages(workspace, selected, options.input, durations);
    if (options.graph !== undefined) {
      process.stdout.write(graphText(options.graph, plans));
      return EXIT_CODE.success;
    }
    if (options.dryRun) {
      const preview = previewPlan(plans, durations, options.input.concurrency ?? DEFAULT_CONCURRENCY);
      const warnings = cycleWarnings(plans);
      process.stdout.write(
        options.ui === 'json'
          ? `${JSON.stringify({ workspace: workspace.root, ...preview, warnings }, null, 2)}\n`
          : planPreviewText(workspace.root, preview, warnings),
      );
      return EXIT_CODE.success;
    }
    await locateWorkspacePackageManager(workspace.root, workspace.packageManager, process.env);
  } catch (error) {
    console.error(errorMessage(error));
    return isUsageProblem(error) ? EXIT_CODE.usage : EXIT_CODE.failed;
  }
  clock.mark('checks', 'the workspace, its selection and its package manager');
  if (interruption.signal !== undefined) return interruption.exitCode;

  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  // With --ui json, stdout carries the events only.
  const logger = options.ui === 'json' ? { log: (text: string) => console.error(text) } : console;
  // The final report repeats them.
  for (const warning of cycleWarnings(plans)) logger.log(`⚠ ${warning}`);
  let infrastructure: Infrastructure;
  try {
    infrastructure = await startInfrastructure(config, logger, { reuseRunning: true });
  } catch (error) {
    if (!isStartupError(error)) throw error;
    // The messages name the setting and the fix; a stack trace would only hide them.
    console.error(error instanceof AggregateError ? error.errors.map(errorMessage).join('\n') : errorMessage(error));
    return EXIT_CODE.failed;
  }
  clock.mark(
    'stack',
    infrastructure.reusedFrom === undefined ? 'servers started or checked' : `reused from process ${infrastructure.reusedFrom}`,
  );
  const taskQueue = await claimBuildTaskQueue(config.home, options.input.workspace);
  try {
    if (interruption.signal !== undefined) return interruption.exitCode;
    return await buildOn(infrastructure, taskQueue.name, options, clock, interruption);
  } finally {
    await infrastructure.stop();
    await taskQueue.release();
  }
}

async function buildOn(
  infrastructure: Infrastructure,
  taskQueue: string,
  options: BuildOptions,
  clock: StartupClock,
  interruption: Interruption,
): Promise<number> {
  const starter = new BuildStarter(options.input);
  @Module({
    imports: [
      OrchestrationModule.forRoot(
        orchestrationOptionsFor(infrastructure, {
          defaultTaskQueue: taskQueue,
          // This process is the only worker on its task queue: eager dispatch starts each script without a queue hop.
          worker: { maxEagerActivityReservationsPerWorkflowTask: EAGER_ACTIVITY_RESERVATIONS },
        }),
      ),
      // The person at the terminal named the workspace: it is the allowed root.
      PackageBuilderModule.withWorkspaceRoots([options.input.workspace]),
    ],
    providers: [starter.provider()],
  })
  class BuildWorkspaceModule {}

  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(BuildWorkspaceModule, { logger: ['error', 'warn'] });
  } catch (error) {
    await starter.abandon(`baton build: its worker could not start (${errorMessage(error)})`);
    throw error;
  }
  try {
    const bundle = app.get(BatonWorkerService).workflowBundle();
    clock.mark('boot', 'Nest, database, worker; the workflow started meanwhile');
    if (bundle !== undefined)
      clock.split('bundle', bundle.durationMs, bundle.cached ? 'workflow bundle read from its cache' : 'workflow bundle compiled');

    const client = app.get(BatonClient);
    const handle = await starter.handle();
    clock.mark('start', 'workflow started (what the start took beyond the boot)');
    const view = createBuildView(options.ui, process.stdout, process.stderr);
    const tracker = new BuildTracker(Date.now());
    const display = options.stream ? 'all' : options.ui === 'json' ? 'none' : 'failures';
    const logs = new PackageLogFollower(runLogFolder(options.input.workspace, handle.workflowId), view, display);
    const { uiUrl, namespace } = infrastructure.temporal;
    view.run({
      event: 'run',
      at: new Date().toISOString(),
      workflowId: handle.workflowId,
      ...(uiUrl ? { url: `${uiUrl}/namespaces/${namespace}/workflows/${handle.workflowId}` } : {}),
    });
    interruption.then(() => {
      view.abort();
      console.error(`\n${INTERRUPTED_MESSAGE}`);
      handle.cancel().catch(() => undefined);
    });

    const poller = pollProgress(async () => {
      const snapshot = await buildSnapshot(client, handle.workflowId);
      return () => {
        const events = tracker.apply(snapshot);
        view.update(events, tracker);
        logs.update(snapshot.items, events);
        return events.length > 0;
      };
    });
    let report: BuildReport;
    try {
      report = await handle.result();
    } catch (error) {
      await poller.stop();
      view.abort();
      if (interruption.signal !== undefined) return interruption.exitCode;
      console.error(buildFailedMessage(error instanceof WorkflowFailedError ? rootMessage(error) : errorMessage(error)));
      return EXIT_CODE.failed;
    }
    await poller.stop();
    const settled = tracker.settle(report, Date.now());
    logs.update([], settled);
    view.finish(settled, tracker, report);
    if (options.markdownPath !== undefined) {
      await writeFile(options.markdownPath, reportToMarkdown(report));
      view.note(`\n${reportWrittenMessage('Markdown', options.markdownPath)}`);
    }
    if (options.jsonPath !== undefined) {
      await writeFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
      view.note(reportWrittenMessage('JSON', options.jsonPath));
    }
    if (options.verbose) {
      addFirstScript(clock, report);
      view.note(`\n${startupLines(clock.list(), clock.totalMs())}`);
    }
    return report.totals.failed + report.totals.blocked === 0 ? EXIT_CODE.success : EXIT_CODE.failed;
  } finally {
    await app.close();
  }
}

/** From the workflow's start to the first script's, as the report dates it. */
function addFirstScript(clock: StartupClock, report: BuildReport): void {
  const starts = report.packages.flatMap((pkg) => (pkg.startedAt === undefined || pkg.attempts === 0 ? [] : [Date.parse(pkg.startedAt)]));
  if (starts.length === 0) return;
  const sinceProcessStart = Math.min(...starts) - performance.timeOrigin;
  clock.add('first script', sinceProcessStart - clock.totalMs(), 'scheduled, dispatched, its process started');
}

/** A folder that is not a workspace, or a filter that is malformed or matches nothing: nothing was started (exit 2). */
function isUsageProblem(error: unknown): boolean {
  return error instanceof NotAWorkspaceError || error instanceof UnmatchedFilterError || error instanceof InvalidFilterError;
}

/** A server that could not be reached or started: the user's setup, not a bug of Baton's. */
function isStartupError(error: unknown): boolean {
  return error instanceof AggregateError
    ? error.errors.every(isStartupError)
    : error instanceof InfrastructureConnectionError || error instanceof EmbeddedServerStartError;
}

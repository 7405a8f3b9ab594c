/**
 * `npm run build-workspace -- <dir> [--concurrency 4] [--filter <name>]… [--test] [--force] [--stream] [--report report.md]
 *   [--json report.json] [--ui tty|plain|json]`
 *
 * Builds a JavaScript monorepo with the PackageBuilder workflow on the embedded stack (or TEMPORAL_ADDRESS /
 * DATABASE_URL), with a live view while it runs (lanes redrawn in place, appended lines, or JSON events) and the
 * build report at the end. Exit code 0 when every package
 * built (or was skipped), 1 when one failed or was blocked, 2 for bad arguments, 130 when interrupted.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkflowFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatonClient,
  errorMessage,
  graphQuery,
  installTemporalRuntime,
  isValidConcurrency,
  OrchestrationModule,
  orchestrationOptionsFor,
  rootMessage,
} from '@baton/orchestration';
import { startInfrastructure } from '@baton/dev-stack';
import {
  MAX_SCRIPT_TIMEOUT_MS,
  PackageBuilderModule,
  PackageBuilderWorkflow,
  type BuildInput,
  type BuildReport,
  reportToMarkdown,
  runLogFolder,
} from '@baton/package-builder';
import {
  BUILD_WORKSPACE_USAGE,
  buildFailedMessage,
  concurrencyOptionMessage,
  reportWrittenMessage,
  timeoutOptionMessage,
  uiOptionMessage,
  workspaceCountMessage,
} from './cli.messages';
import { BuildTracker, type BuildSnapshot } from './progress/build-tracker';
import { PackageLogFollower } from './progress/package-log.follower';
import { createBuildView, defaultUiMode, isUiMode, type UiMode } from './progress/ui-mode';

/** Activity slots each workflow task reserves for eager dispatch: a loop's first window of up to 10 starts at once. */
const EAGER_ACTIVITY_RESERVATIONS = 10;

const POLL_MS = 250;

interface CliOptions {
  input: BuildInput;
  markdownPath?: string;
  jsonPath?: string;
  ui: UiMode;
  /** Print every package's output as it comes (`--stream`). */
  stream: boolean;
}

/** Paths are relative to where the user typed the command; npm runs scripts from the project root. */
function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

function parseOptions(argv: string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      concurrency: { type: 'string', short: 'c' },
      filter: { type: 'string', short: 'f', multiple: true },
      test: { type: 'boolean' },
      force: { type: 'boolean' },
      stream: { type: 'boolean' },
      report: { type: 'string' },
      json: { type: 'string' },
      timeout: { type: 'string' },
      ui: { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    throw new UsageError(workspaceCountMessage(positionals.length));
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !isValidConcurrency(concurrency)) {
    throw new UsageError(concurrencyOptionMessage(values.concurrency));
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_SCRIPT_TIMEOUT_MS)) {
    throw new UsageError(timeoutOptionMessage(values.timeout));
  }
  if (values.ui !== undefined && !isUiMode(values.ui)) {
    throw new UsageError(uiOptionMessage(values.ui));
  }
  return {
    input: {
      workspace: userPath(positionals[0]),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(values.filter === undefined ? {} : { filter: values.filter }),
      ...(values.test ? { test: true } : {}),
      ...(values.force ? { force: true } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
    markdownPath: values.report === undefined ? undefined : userPath(values.report),
    jsonPath: values.json === undefined ? undefined : userPath(values.json),
    ui: values.ui ?? defaultUiMode(process.stdout.isTTY, process.env),
    stream: values.stream === true,
  };
}

class UsageError extends Error {}

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
 * Runs `look` every `ms`, one at a time, and applies what it returns. `stop` waits for the look in flight and
 * applies nothing afterwards: the final report is then drawn last.
 */
function pollEvery(ms: number, look: () => Promise<() => void>): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const apply = await look().catch(() => undefined);
      if (!stopping.signal.aborted) apply?.();
      await sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();
  return {
    stop: () => {
      stopping.abort();
      return loop;
    },
  };
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${errorMessage(error)}\n${BUILD_WORKSPACE_USAGE}`);
    return 2;
  }

  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  // With --ui json, stdout carries the events only.
  const infrastructure = await startInfrastructure(undefined, options.ui === 'json' ? { log: (text) => console.error(text) } : console);
  @Module({
    imports: [
      // A task queue of its own: with TEMPORAL_ADDRESS set, other workers must not take this run (its paths are local),
      // nor this process take theirs.
      OrchestrationModule.forRoot(
        orchestrationOptionsFor(infrastructure, {
          defaultTaskQueue: `build-workspace-${randomUUID()}`,
          // This process is the only worker on its task queue: eager dispatch starts each script without a queue hop.
          worker: { maxEagerActivityReservationsPerWorkflowTask: EAGER_ACTIVITY_RESERVATIONS },
        }),
      ),
      // The person at the terminal named the workspace: it is the allowed root.
      PackageBuilderModule.withWorkspaceRoots([options.input.workspace]),
    ],
  })
  class BuildWorkspaceModule {}

  const app = await NestFactory.createApplicationContext(BuildWorkspaceModule, { logger: ['error', 'warn'] });
  try {
    const client = app.get(BatonClient);
    const handle = await client.start<BuildReport>(PackageBuilderWorkflow, options.input);
    const { uiUrl, namespace } = infrastructure.temporal;
    const view = createBuildView(options.ui, process.stdout, process.stderr);
    const tracker = new BuildTracker(Date.now());
    const display = options.stream ? 'all' : options.ui === 'json' ? 'none' : 'failures';
    const logs = new PackageLogFollower(runLogFolder(options.input.workspace, handle.workflowId), view, display);
    view.run({
      event: 'run',
      at: new Date().toISOString(),
      workflowId: handle.workflowId,
      ...(uiUrl ? { url: `${uiUrl}/namespaces/${namespace}/workflows/${handle.workflowId}` } : {}),
    });

    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
      view.abort();
      console.error('\nInterrupted: cancelling the build (running scripts are killed)…');
      void handle.cancel();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    const poller = pollEvery(POLL_MS, async () => {
      const snapshot = await buildSnapshot(client, handle.workflowId);
      return () => {
        const events = tracker.apply(snapshot);
        view.update(events, tracker);
        logs.update(snapshot.items, events);
      };
    });
    let report: BuildReport;
    try {
      report = await handle.result();
    } catch (error) {
      await poller.stop();
      view.abort();
      if (interrupted) {
        return 130;
      }
      console.error(buildFailedMessage(error instanceof WorkflowFailedError ? rootMessage(error) : String(error)));
      return 1;
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
    return report.totals.failed + report.totals.blocked === 0 ? 0 : 1;
  } finally {
    await app.close();
    await infrastructure.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

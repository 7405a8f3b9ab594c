/**
 * `npm run build-workspace -- <dir> [--concurrency 4] [--filter <name>]… [--test] [--report report.md] [--json report.json]`
 *
 * Builds a JavaScript monorepo with the PackageBuilder workflow on the embedded stack (or TEMPORAL_ADDRESS /
 * DATABASE_URL), with a live view while it runs and the build report at the end. Exit code 0 when every package
 * built (or was skipped), 1 when one failed or was blocked, 2 for bad arguments, 130 when interrupted.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkflowFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BatonClient,
  errorMessage,
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
  reportToTable,
} from '@baton/package-builder';
import {
  BUILD_WORKSPACE_USAGE,
  buildFailedMessage,
  concurrencyOptionMessage,
  reportWrittenMessage,
  timeoutOptionMessage,
  workspaceCountMessage,
} from './cli.messages';
import { LiveProgressView } from './live-progress.view';

const POLL_MS = 250;

interface CliOptions {
  input: BuildInput;
  markdownPath?: string;
  jsonPath?: string;
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
      report: { type: 'string' },
      json: { type: 'string' },
      timeout: { type: 'string' },
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
  return {
    input: {
      workspace: userPath(positionals[0]),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(values.filter === undefined ? {} : { filter: values.filter }),
      ...(values.test ? { test: true } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
    markdownPath: values.report === undefined ? undefined : userPath(values.report),
    jsonPath: values.json === undefined ? undefined : userPath(values.json),
  };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${errorMessage(error)}\n${BUILD_WORKSPACE_USAGE}`);
    return 2;
  }

  installTemporalRuntime({ BATON_TEMPORAL_LOG_LEVEL: 'ERROR', ...process.env });
  const infrastructure = await startInfrastructure();
  @Module({
    imports: [
      // A task queue of its own: with TEMPORAL_ADDRESS set, other workers must not take this run (its paths are local),
      // nor this process take theirs.
      OrchestrationModule.forRoot(orchestrationOptionsFor(infrastructure, { defaultTaskQueue: `build-workspace-${randomUUID()}` })),
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
    const link = uiUrl ? ` — ${uiUrl}/namespaces/${namespace}/workflows/${handle.workflowId}` : '';
    console.log(`PackageBuilder ${handle.workflowId}${link}`);

    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
      console.error('\nInterrupted: cancelling the build (running scripts are killed)…');
      void handle.cancel();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    const view = new LiveProgressView(process.stdout);
    const poll = setInterval(() => {
      client.progress(handle.workflowId).then(
        (progress) => view.update(progress.loops.find((loop) => loop.step === 'build')),
        () => undefined,
      );
    }, POLL_MS);
    let report: BuildReport;
    try {
      report = await handle.result();
    } catch (error) {
      clearInterval(poll);
      view.clear();
      if (interrupted) {
        return 130;
      }
      console.error(buildFailedMessage(error instanceof WorkflowFailedError ? rootMessage(error) : String(error)));
      return 1;
    } finally {
      clearInterval(poll);
    }
    view.clear();
    console.log(reportToTable(report));
    if (options.markdownPath !== undefined) {
      await writeFile(options.markdownPath, reportToMarkdown(report));
      console.log(`\n${reportWrittenMessage('Markdown', options.markdownPath)}`);
    }
    if (options.jsonPath !== undefined) {
      await writeFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
      console.log(reportWrittenMessage('JSON', options.jsonPath));
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

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isValidConcurrency } from '@baton/orchestration';
import { MAX_SCRIPT_TIMEOUT_MS, type BuildInput } from '@baton/package-builder';
import {
  concurrencyOptionMessage,
  GRAPH_WITH_DRY_RUN_MESSAGE,
  graphOptionMessage,
  timeoutOptionMessage,
  uiOptionMessage,
  workspaceCountMessage,
} from './cli.messages';
import { isGraphFormat, type GraphFormat } from './graph-format';
import { defaultUiMode, isUiMode, type UiMode } from './progress/ui-mode';
import { UsageError } from './usage.error';

/** What `baton build` was asked for. */
export interface BuildOptions {
  input: BuildInput;
  markdownPath?: string;
  jsonPath?: string;
  ui: UiMode;
  /** Print the start-up phases. */
  verbose: boolean;
  /** Print every package's output as it comes (`--stream`). */
  stream: boolean;
  /** Print the plan and exit, nothing built (`--dry-run`). */
  dryRun: boolean;
  /** Print the selected packages' graph in this format and exit, nothing built (`--graph`). */
  graph?: GraphFormat;
}

/** Paths are relative to where the user typed the command (`npm run` runs scripts from the project root). */
function userPath(path: string, env: NodeJS.ProcessEnv): string {
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}

/** `baton build <workspace> [options]`'s arguments, checked: a UsageError says what is wrong. */
export function parseBuildOptions(argv: string[], env: NodeJS.ProcessEnv, isTTY: boolean): BuildOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        concurrency: { type: 'string', short: 'c' },
        filter: { type: 'string', short: 'f', multiple: true },
        test: { type: 'boolean' },
        bail: { type: 'boolean' },
        force: { type: 'boolean' },
        stream: { type: 'boolean' },
        report: { type: 'string' },
        json: { type: 'string' },
        timeout: { type: 'string' },
        ui: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        'dry-run': { type: 'boolean' },
        graph: { type: 'string' },
      },
    });
  } catch (error) {
    // node:util's own message names the option (unknown, or missing its value).
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
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
  if (values.graph !== undefined && !isGraphFormat(values.graph)) {
    throw new UsageError(graphOptionMessage(values.graph));
  }
  if (values.graph !== undefined && values['dry-run'] === true) {
    throw new UsageError(GRAPH_WITH_DRY_RUN_MESSAGE);
  }
  return {
    input: {
      workspace: userPath(positionals[0], env),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(values.filter === undefined ? {} : { filter: values.filter }),
      ...(values.test ? { test: true } : {}),
      ...(values.bail ? { bail: true } : {}),
      ...(values.force ? { force: true } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
    markdownPath: values.report === undefined ? undefined : userPath(values.report, env),
    jsonPath: values.json === undefined ? undefined : userPath(values.json, env),
    ui: values.ui ?? defaultUiMode(isTTY, env),
    verbose: values.verbose ?? false,
    stream: values.stream === true,
    dryRun: values['dry-run'] === true,
    ...(values.graph === undefined ? {} : { graph: values.graph }),
  };
}

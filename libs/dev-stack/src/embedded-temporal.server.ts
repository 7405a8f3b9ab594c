import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  orphanedTemporalMessage,
  portTakenMessage,
  TEMPORAL_IN_USE_FIX,
  temporalAlreadyRunningMessage,
  temporalNotReadyMessage,
  temporalStartFailedMessage,
} from './dev-stack.messages';
import { EmbeddedServerStartError } from './errors/embedded-server-start.error';
import {
  errorMessage,
  type InfrastructureConfig,
  installTemporalRuntime,
  type TemporalConfig,
  type TemporalConnectionOptions,
} from '@baton/orchestration';
import {
  findFreePorts,
  isPortFree,
  findProcessesByArgument,
  waitForProcessExit,
  guardProcesses,
  type ProcessGuard,
} from '@baton/orchestration/process';
import { acquireOwnerLock } from './owner.lock';
import { resolveTemporalCli } from './temporal-cli.installer';
import { findExecutable } from './temporal-cli.locator';

/** A running `temporal server start-dev` owned by this process. */
export interface EmbeddedTemporal {
  /** `127.0.0.1:<port>` of the gRPC frontend. */
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string;
  /** The SQLite file holding all of the server's state. */
  readonly dbFilename: string;
  readonly connectionOptions: TemporalConnectionOptions;
  /** Stops the server; safe to call more than once. */
  stop(): Promise<void>;
}

const IP = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 120_000;
/**
 * Off by default in Temporal. With it, a workflow task's completion carries the activities it scheduled on its own task
 * queue back to the worker, which starts them at once: no match through the task queue, no activity poll round trip.
 */
export const EAGER_ACTIVITY_DYNAMIC_CONFIG = 'system.enableActivityEagerExecution=true';
/**
 * Every hop of a workflow (task scheduled, started, completed) is a write to the server's SQLite file. In write-ahead
 * mode with `synchronous=normal` a commit appends to the log without waiting for the disk twice: per-item time of a
 * loop fell from 63–83 ms to 46–51 ms (bench:orchestration, Baton and the hand-written loop alike). A crash of the
 * server or of Baton loses nothing; a power cut may lose the last commits, never the file (SQLite's WAL guarantee).
 */
export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/**
 * A workflow task reaches matching through the history shard's transfer queue, whose reads Temporal limits to 20 a
 * second per shard (`history.transferProcessorMaxPollRPS`). A cluster spreads its workflows over hundreds of shards;
 * the dev server has one, so every workflow on it shared 20 reads a second, and a loop at window 1 waited for its
 * turn at each item: 40.7 ms per item of 0 ms, 20.7 ms of 20 ms (bench/orchestration-floor.bench.ts). A read comes
 * only when a write announces new tasks or the queue's poll timer fires, so the higher bound adds no idle work.
 */
export const TRANSFER_QUEUE_READS_DYNAMIC_CONFIG = 'history.transferProcessorMaxPollRPS=1000';

/** The `temporal server start-dev` flags that tune the embedded server (exported for the benches that A/B them). */
export function embeddedTemporalServerArgs(): string[] {
  return [
    ...[EAGER_ACTIVITY_DYNAMIC_CONFIG, TRANSFER_QUEUE_READS_DYNAMIC_CONFIG].flatMap((value) => ['--dynamic-config-value', value]),
    ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
  ];
}

/** Starts the Temporal dev server with its state in `<home>/temporal/temporal.db`, so workflows survive restarts. */
export async function startEmbeddedTemporal({
  home,
  temporal,
}: Pick<InfrastructureConfig, 'home' | 'temporal'>): Promise<EmbeddedTemporal> {
  const directory = join(home, 'temporal');
  const dbFilename = join(directory, 'temporal.db');
  const cliPath = await resolveTemporalCli({ home, temporal });
  await mkdir(directory, { recursive: true });
  const lock = await acquireOwnerLock(directory, 'The embedded Temporal server', TEMPORAL_IN_USE_FIX);
  let guard: ProcessGuard | undefined;
  try {
    await stopServersOnDatabase(dbFilename, lock.previousOwnerDied);
    await assertPortsFree(temporal);
    // The SDK would otherwise put the UI on the gRPC port + 1000, which nobody checked was free, and would not tell us.
    // Both are picked together: picked one after another, the port just released for one can come back for the other.
    const [freeGrpcPort, freeUiPort] = await findFreePorts(2, IP);
    const ports = { port: temporal.embeddedPort ?? freeGrpcPort, uiPort: temporal.embeddedUiPort ?? freeUiPort };
    // The SDK kills the server only from teardown(), so a crash, process.exit() or SIGKILL would leave it running on our
    // SQLite file. Guarded only now that no other server runs on that file. SIGKILL: SQLite holds what the server committed.
    guard = guardProcesses({ name: 'Temporal server', match: { flag: '--db-filename', value: dbFilename }, signal: 'SIGKILL' });
    const environment = await startDevServer(cliPath, dbFilename, temporal, ports);
    let stopped: Promise<void> | undefined;
    return {
      address: environment.address,
      namespace: temporal.namespace,
      uiUrl: `http://${IP}:${ports.uiPort}`,
      dbFilename,
      connectionOptions: { address: environment.address },
      // teardown() is not idempotent: a second call logs "already closed" errors.
      stop: () =>
        (stopped ??= environment.teardown().finally(() => {
          guard?.release();
          return lock.release();
        })),
    };
  } catch (error) {
    guard?.release();
    await lock.release();
    throw error;
  }
}

async function startDevServer(
  cliPath: string | undefined,
  dbFilename: string,
  temporal: TemporalConfig,
  { port, uiPort }: { port: number; uiPort: number },
): Promise<TestWorkflowEnvironment> {
  // The SDK installs its default runtime (INFO logs, its own signal handlers) unless Baton's is installed first.
  installTemporalRuntime();
  const starting = TestWorkflowEnvironment.createLocal({
    server: {
      executable:
        cliPath === undefined
          ? { type: 'cached-download' }
          : { type: 'existing-path', path: await inOwnSession(cliPath, dirname(dbFilename)) },
      dbFilename,
      namespace: temporal.namespace,
      ip: IP,
      port,
      ui: true,
      uiPort,
      log: { format: 'pretty', level: 'warn' },
      extraArgs: embeddedTemporalServerArgs(),
    },
  });
  // A backstop for the SDK's wait, which has no deadline when something that is not a gRPC server answers on the port.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(temporalNotReadyMessage(STARTUP_TIMEOUT_MS / 1000))), STARTUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([starting, deadline]);
  } catch (error) {
    // A server that comes up after the deadline after all must not be left running.
    starting.then(
      (late) => late.teardown(),
      () => {},
    );
    throw new EmbeddedServerStartError(temporalStartFailedMessage(errorMessage(error), cliPath, `${IP}:${port}`, uiPort), error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The CLI wrapped to run the dev server in a session of its own. A terminal's Ctrl-C goes to its whole foreground
 * process group: without this, the server would begin its own shutdown while Baton drains its workers, and a running
 * activity could not report its result. `setsid` (util-linux) sets up the session and execs in place, so the SDK still
 * stops the server by its PID. Where there is no `setsid` (macOS), the CLI runs as it is. The SDK gives the server
 * Baton's stdout; its banner goes to stderr instead, so that what Baton prints there (`build-workspace --ui json`)
 * stays parseable.
 */
async function inOwnSession(cliPath: string, directory: string): Promise<string> {
  const setsid = findExecutable('setsid');
  if (setsid === undefined) return cliPath;
  const wrapper = join(directory, 'temporal-in-own-session.sh');
  await writeFile(
    wrapper,
    `#!/bin/sh\n# Written by Baton at each start of the embedded Temporal server.\nexec ${shellQuote(setsid)} ${shellQuote(cliPath)} ` +
      `"$@" 1>&2\n`,
    {
      mode: 0o755,
    },
  );
  return wrapper;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The SDK never returns when a configured port is taken by a program that accepts connections, so check first. */
async function assertPortsFree(temporal: TemporalConfig): Promise<void> {
  const ports = [
    ['BATON_TEMPORAL_PORT', temporal.embeddedPort],
    ['BATON_TEMPORAL_UI_PORT', temporal.embeddedUiPort],
  ] as const;
  for (const [variable, port] of ports) {
    if (port !== undefined && !(await isPortFree(port, IP))) {
      throw new EmbeddedServerStartError(portTakenMessage(variable, port, IP));
    }
  }
}

/**
 * A dev server still running on our SQLite file was orphaned by an owner that was killed (its child survives it).
 * Kill it as the SDK's own teardown would; when no owner died, the process is not ours to kill.
 */
async function stopServersOnDatabase(dbFilename: string, previousOwnerDied: boolean): Promise<void> {
  const pids = await findProcessesByArgument('--db-filename', dbFilename);
  if (pids.length === 0) return;
  if (!previousOwnerDied) {
    throw new EmbeddedServerStartError(temporalAlreadyRunningMessage(pids, dbFilename));
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already, or not ours to signal: the wait below tells which.
    }
  }
  for (const pid of pids) {
    if (!(await waitForProcessExit(pid, 10_000))) {
      throw new EmbeddedServerStartError(orphanedTemporalMessage(pid, dbFilename));
    }
  }
}

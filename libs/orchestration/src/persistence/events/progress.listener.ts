import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { Subject, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { BATON_DATA_SOURCE } from '../persistence.constants';
import { PROGRESS_CHANNEL, type ProgressNotification } from '../../protocol';
import { parseProgressNotification, progressPayloadSql } from '../progress.notification';
import { isError } from '../../errors/error-message';

/** Shown in `pg_stat_activity`, so the listening connection of each API instance is easy to find. */
export const LISTENER_APPLICATION_NAME = 'baton:listener';

/** Delay before the first reconnection attempt; it doubles with every failed attempt, up to the maximum. */
const RECONNECT_INITIAL_DELAY_MS = 200;
const RECONNECT_MAX_DELAY_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** Executions written this long before the connection was noticed lost are replayed too (a drop is seen late). */
const CATCH_UP_MARGIN_SECONDS = 30;

/**
 * Receives every `baton_progress` notification on ONE dedicated connection per process (a pooled connection cannot
 * LISTEN: the pool would hand it to someone else), whatever the number of subscribers. Every API instance runs its
 * own, and PostgreSQL delivers each notification to every listening connection, so every instance sees everything.
 *
 * When the connection is lost, it logs, reconnects with backoff and LISTENs again. Notifications sent in between are
 * not delivered (PostgreSQL does not queue them for a session that is gone), so once LISTENing again it replays the
 * current state of the executions written meanwhile; `ExecutionEventStream` reads the items they missed from the rows.
 */
@Injectable()
export class ProgressListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('BatonProgressListener');
  private readonly received = new Subject<ProgressNotification>();
  private readonly shared = this.received.asObservable();
  private client: pg.Client | undefined;
  private connected = false;
  private closing = false;
  private reconnectDelayMs = RECONNECT_INITIAL_DELAY_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** When the connection was lost, while it is. */
  private lostAt: number | undefined;

  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Hot and shared: every notification received from now on, each once, whoever subscribes; completes on shutdown. */
  notifications(): Observable<ProgressNotification> {
    return this.shared;
  }

  /** Whether the connection is up and LISTENing now (for health checks). */
  get listening(): boolean {
    return this.connected;
  }

  /** Tries the first LISTEN before the application serves; when it fails, it retries in the background (`listening` says). */
  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    await client?.end().catch(() => undefined);
    this.received.complete();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      ...connectionConfig(this.dataSource),
      application_name: LISTENER_APPLICATION_NAME,
      // A silent network drop must end the connection too, and a connection attempt must not hang.
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === PROGRESS_CHANNEL) this.receive(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;
    const lostAt = this.lostAt;
    this.connected = true;
    this.lostAt = undefined;
    this.reconnectDelayMs = RECONNECT_INITIAL_DELAY_MS;
    if (lostAt !== undefined) {
      this.logger.log(`LISTENing on ${PROGRESS_CHANNEL} again, ${Date.now() - lostAt} ms after the connection was lost`);
      await this.catchUp(Date.now() - lostAt);
    }
  }

  /**
   * Notifications sent while disconnected are gone, and one of them may have been an execution's last: replays the
   * current state of every execution written during the outage (and a margin before it), already LISTENing, so
   * nothing falls in between. Subscribers see at most a repeat of a state, which the event stream ignores.
   */
  private async catchUp(outageMs: number): Promise<void> {
    try {
      // On the pool: the listening connection only LISTENs.
      const rows: { payload: string }[] = await this.dataSource.query(
        `SELECT ${progressPayloadSql()} AS payload FROM executions WHERE updated_at >= now() - make_interval(secs => $1)`,
        [outageMs / 1000 + CATCH_UP_MARGIN_SECONDS],
      );
      for (const { payload } of rows) this.receive(payload);
    } catch (error) {
      this.logger.warn(
        `Could not read the executions written while disconnected: ${(error as Error).message}; their next records will bring them`,
      );
    }
  }

  private receive(payload: string | undefined): void {
    const notification = parseProgressNotification(payload);
    if (notification === undefined) {
      this.logger.warn(
        `Ignored a ${PROGRESS_CHANNEL} notification that is not a progress notification of this Baton version: ` +
          `${(payload ?? '').slice(0, 200)}. Workers and API instances should run the same Baton version.`,
      );
      return;
    }
    this.received.next(notification);
  }

  /** The connection failed, ended or never opened: drop it and try again later (once per lost connection). */
  private lost(client: pg.Client, error: unknown): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.connected = false;
    // A dead client may still emit; it must not crash the process.
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.closing) return;
    this.lostAt ??= Date.now();
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(delay * 2, RECONNECT_MAX_DELAY_MS);
    const reason = isError(error) ? error.message : 'the connection ended';
    this.logger.warn(`Lost the ${PROGRESS_CHANNEL} LISTEN connection (${reason}); reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, delay);
  }
}

/** The listener connects where Baton's data source does (`buildDataSourceOptions` always gives it the URL). */
function connectionConfig(dataSource: DataSource): pg.ClientConfig {
  const { options } = dataSource;
  if (options.type !== 'postgres' || options.url === undefined) {
    throw new Error('BATON_DATA_SOURCE must be the PostgreSQL data source PersistenceModule opens (with a connection URL).');
  }
  return { connectionString: options.url };
}

import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BATON_DATA_SOURCE } from '@baton/orchestration/persistence';
import { ExampleDatabaseMissingError } from './example-database-missing.error';

/**
 * The examples' fake backends (mail provider, CRM, orders API) keep what they remember in these tables, never in
 * process memory: with two worker processes, the items of one execution run in both, and each must see the same
 * backend. Every row carries the workflow id of the execution it belongs to, so that concurrent runs never mix.
 */
const SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS baton_examples;
  CREATE TABLE IF NOT EXISTS baton_examples.mail_outbox (
    id bigserial PRIMARY KEY,
    batch_id text NOT NULL,
    recipient text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (batch_id, recipient)
  );
  CREATE TABLE IF NOT EXISTS baton_examples.crm_customers (
    migration_id text NOT NULL,
    id text NOT NULL,
    legacy_id integer NOT NULL,
    full_name text NOT NULL,
    email text NOT NULL,
    country text NOT NULL,
    balance_cents bigint NOT NULL,
    signed_up_on text NOT NULL,
    PRIMARY KEY (migration_id, id)
  );
  CREATE TABLE IF NOT EXISTS baton_examples.order_requests (
    batch_id text NOT NULL,
    order_id integer NOT NULL,
    calls integer NOT NULL,
    PRIMARY KEY (batch_id, order_id)
  );`;

/** Any number, the same in every process: two of them creating the schema at once take turns. */
const SCHEMA_LOCK = 0x6261746f6e;

/**
 * The examples' PostgreSQL: the database Baton records executions in (`persistence.databaseUrl`), through Baton's
 * connection pool. An application of your own would use its own database and connection here.
 */
@Injectable()
export class ExampleDatabase {
  private schema?: Promise<void>;

  constructor(@Optional() @Inject(BATON_DATA_SOURCE) private readonly dataSource?: DataSource) {}

  /** Rows of a statement, after creating the examples' tables on first use. */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const dataSource = this.connected();
    await this.ensureSchema(dataSource);
    return (await dataSource.query(sql, parameters)) as T[];
  }

  private connected(): DataSource {
    if (this.dataSource === undefined) {
      throw new ExampleDatabaseMissingError();
    }
    return this.dataSource;
  }

  private ensureSchema(dataSource: DataSource): Promise<void> {
    if (this.schema === undefined) {
      const creating = dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await manager.query(SCHEMA);
      });
      this.schema = creating;
      // A database that was down gets another try at the next call.
      creating.catch(() => {
        if (this.schema === creating) this.schema = undefined;
      });
    }
    return this.schema;
  }
}

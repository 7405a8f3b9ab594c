import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { loadInfrastructureConfig } from '../../src';
import { startEmbeddedPostgres } from '@baton/dev-stack';
import { buildDataSourceOptions, runPendingMigrations } from '../../src/persistence';
import { withDatabase } from '../../../../test/support/with-database';

/** Counts the statements TypeORM sends (every `dataSource.query`, repository and query-builder call goes through it). */
export class QueryCounter implements Logger {
  readonly statements: string[] = [];

  get count(): number {
    return this.statements.length;
  }

  reset(): void {
    this.statements.length = 0;
  }

  logQuery(query: string): void {
    this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface TestDatabase {
  /** URL of a database of its own, dropped by `drop()`. */
  url: string;
  /** Baton's data source on it, migrated unless asked otherwise, counting its queries. */
  dataSource: DataSource;
  queries: QueryCounter;
  /** A plain connection to it (for LISTEN, or looking under the hood); closed by `drop()`. */
  connect(): Promise<pg.Client>;
  drop(): Promise<void>;
}

/**
 * A fresh database on the test PostgreSQL, so suites never see each other's rows: on DATABASE_URL's server (`npm test`
 * starts one for all suites), else on an embedded server of this suite's own under BATON_HOME (test files run in
 * parallel processes, and an embedded data directory has one owner).
 */
export async function createTestDatabase(suite: string, { migrate = true } = {}): Promise<TestDatabase> {
  const config = loadInfrastructureConfig();
  const embedded =
    config.database.url === undefined
      ? await startEmbeddedPostgres({ home: join(config.home, 'persistence-tests', suite), database: config.database })
      : undefined;
  const serverUrl = config.database.url ?? embedded!.url;
  const name = `baton_test_${suite.replaceAll('-', '_')}_${randomBytes(4).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await withDatabase(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));

  const queries = new QueryCounter();
  const dataSource = new DataSource(buildDataSourceOptions({ databaseUrl: url.toString(), logger: queries }));
  await dataSource.initialize();
  if (migrate) await runPendingMigrations(dataSource);
  queries.reset();

  const clients: pg.Client[] = [];
  return {
    url: url.toString(),
    dataSource,
    queries,
    async connect() {
      const client = new pg.Client({ connectionString: url.toString() });
      clients.push(client);
      await client.connect();
      return client;
    },
    async drop() {
      try {
        await Promise.allSettled(clients.map((client) => client.end()));
        if (dataSource.isInitialized) await dataSource.destroy();
        await withDatabase(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } finally {
        await embedded?.stop();
      }
    },
  };
}

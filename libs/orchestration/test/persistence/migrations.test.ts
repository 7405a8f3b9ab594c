import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, MIGRATIONS_TABLE, PERSISTENCE_MIGRATIONS, runPendingMigrations } from '../../src/persistence';
import { createTestDatabase, type TestDatabase } from './test-database';

const TABLES = ['build_reports', 'execution_items', 'executions', 'workflow_definitions'];

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('migrations', { migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('create every table and index, and are idempotent', async () => {
    const first = await runPendingMigrations(db.dataSource);
    assert.deepEqual(
      first,
      PERSISTENCE_MIGRATIONS.map((migration) => migration.name),
    );
    assert.deepEqual(await runPendingMigrations(db.dataSource), [], 'a second run finds nothing to do');

    const tables: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    assert.deepEqual(
      tables.map((row) => row.table_name),
      [...TABLES, MIGRATIONS_TABLE].sort(),
    );
    const indexes: { indexname: string }[] = await db.dataSource.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY ($1) ORDER BY indexname`,
      [TABLES],
    );
    assert.deepEqual(
      indexes.map((row) => row.indexname),
      [
        'build_reports_pkey',
        'execution_items_pkey',
        // The embedded PostgreSQL ships pg_trgm, so item search gets its trigram index.
        'execution_items_preview_trgm_idx',
        'execution_items_sequence_idx',
        'execution_items_status_idx',
        'executions_closed_idx',
        'executions_parent_idx',
        'executions_pkey',
        'executions_started_idx',
        'executions_status_started_idx',
        'executions_type_started_idx',
        'workflow_definitions_pkey',
      ],
    );
  });

  it('map every entity column to a column of the migrated schema', async () => {
    const columns: { table_name: string; column_name: string }[] = await db.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY ($1)`,
      [TABLES],
    );
    const actual = new Set(columns.map((row) => `${row.table_name}.${row.column_name}`));
    const expected = db.dataSource.entityMetadatas.flatMap((entity) =>
      entity.columns.map((column) => `${entity.tableName}.${column.databaseName}`),
    );
    assert.deepEqual(
      expected.filter((column) => !actual.has(column)),
      [],
    );
    assert.equal(new Set(expected).size, actual.size, 'and the schema has no column the entities ignore');
  });

  it('can be undone', async () => {
    const undo = await createTestDatabase('migrations-undo');
    try {
      for (const _ of PERSISTENCE_MIGRATIONS) await undo.dataSource.undoLastMigration();
      const tables: unknown[] = await undo.dataSource.query(`SELECT 1 FROM information_schema.tables WHERE table_name = ANY ($1)`, [
        TABLES,
      ]);
      assert.equal(tables.length, 0);
    } finally {
      await undo.drop();
    }
  });

  it('run once when several processes boot at the same time', async () => {
    const fresh = await createTestDatabase('migrations-race', { migrate: false });
    const others = await Promise.all(
      [1, 2, 3].map(async () => new DataSource(buildDataSourceOptions({ databaseUrl: fresh.url })).initialize()),
    );
    try {
      const runs = await Promise.all([fresh.dataSource, ...others].map((dataSource) => runPendingMigrations(dataSource)));
      assert.deepEqual(runs.map((names) => names.length).sort(), [0, 0, 0, PERSISTENCE_MIGRATIONS.length]);
    } finally {
      await Promise.all(others.map((dataSource) => dataSource.destroy()));
      await fresh.drop();
    }
  });
});

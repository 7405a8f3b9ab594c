import { MigrationExecutor, type DataSource } from 'typeorm';

/** Key of the session-level advisory lock that lets one process at a time migrate Baton's tables ('baton' in ASCII). */
const MIGRATION_LOCK_KEY = 0x6261746f6e;

/**
 * Runs the pending migrations, in one transaction, and returns their names. An API and a worker that boot together
 * both call this: TypeORM's own `migrationsRun` would let both see the same migration as pending and the second fail
 * on "relation already exists", so the run holds an advisory lock, and the second process finds nothing left to do.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'all';
      const migrations = await executor.executePendingMigrations();
      return migrations.map((migration) => migration.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await queryRunner.release();
  }
}

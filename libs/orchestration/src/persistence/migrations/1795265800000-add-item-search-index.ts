import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The warning when pg_trgm cannot be created, as the body of a PostgreSQL string literal (`''` is one quote). */
const PG_TRGM_UNAVAILABLE =
  'Baton: pg_trgm is unavailable (%), so item search runs without an index. ' +
  "Install PostgreSQL''s contrib modules, or have a superuser run CREATE EXTENSION pg_trgm, " +
  'then re-create the index execution_items_preview_trgm_idx.';

/**
 * A trigram index for substring search in item previews (`ILIKE '%…%'`). pg_trgm ships with PostgreSQL's contrib
 * modules (the embedded server included) and is a trusted extension, so a database owner may create it; where it is
 * missing or not allowed, the migration goes on without the index: search still works, scanning the execution's items
 * through the primary key, as every search is limited to one execution.
 */
export class AddItemSearchIndex1795265800000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN OTHERS THEN
        RAISE WARNING '${PG_TRGM_UNAVAILABLE}', SQLERRM;
      END
      $$`);
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE INDEX execution_items_preview_trgm_idx ON execution_items USING gin (item_preview gin_trgm_ops);
        END IF;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The extension stays: other tables may use it.
    await queryRunner.query('DROP INDEX IF EXISTS execution_items_preview_trgm_idx');
  }
}

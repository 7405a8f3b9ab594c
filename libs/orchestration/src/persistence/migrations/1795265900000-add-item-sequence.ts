import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The progress batch sequence that last wrote each item row, so that an API instance reads exactly the items a
 * notification brought (and, after missing some, the ones it missed) by range, through the index. Rows written
 * before this migration keep 0, which no notification asks for: they belong to batches already notified.
 */
export class AddItemSequence1795265900000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // A constant default: PostgreSQL 11+ adds the column without rewriting the table.
    await queryRunner.query('ALTER TABLE execution_items ADD COLUMN sequence integer NOT NULL DEFAULT 0');
    await queryRunner.query('CREATE INDEX execution_items_sequence_idx ON execution_items (execution_id, sequence)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX execution_items_sequence_idx');
    await queryRunner.query('ALTER TABLE execution_items DROP COLUMN sequence');
  }
}

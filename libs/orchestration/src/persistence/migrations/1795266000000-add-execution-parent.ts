import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The parent of an execution started as a child workflow (a loop item run with `child:`), so that listings show
 * the executions people started and leave each parent's children to it.
 */
export class AddExecutionParent1795266000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE executions ADD COLUMN parent_workflow_id text');
    await queryRunner.query('CREATE INDEX executions_parent_idx ON executions (parent_workflow_id) WHERE parent_workflow_id IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX executions_parent_idx');
    await queryRunner.query('ALTER TABLE executions DROP COLUMN parent_workflow_id');
  }
}

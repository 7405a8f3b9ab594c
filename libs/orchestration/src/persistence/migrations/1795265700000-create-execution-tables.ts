import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Executions, their items, build reports and the definitions workers booted with. */
export class CreateExecutionTables1795265700000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE workflow_definitions (
        name text NOT NULL,
        hash text NOT NULL,
        ir jsonb NOT NULL,
        first_seen_at timestamptz(3) NOT NULL,
        last_seen_at timestamptz(3) NOT NULL,
        CONSTRAINT workflow_definitions_pkey PRIMARY KEY (name, hash)
      )`);
    await queryRunner.query(`
      CREATE TABLE executions (
        workflow_id text NOT NULL,
        first_run_id text NOT NULL,
        run_ids text[] NOT NULL,
        workflow_type text NOT NULL,
        definition_hash text NOT NULL,
        task_queue text NOT NULL,
        status text NOT NULL,
        input jsonb,
        result jsonb,
        error text,
        started_at timestamptz(3) NOT NULL,
        closed_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL,
        loops jsonb NOT NULL,
        total integer NOT NULL,
        completed integer NOT NULL,
        succeeded integer NOT NULL,
        failed integer NOT NULL,
        blocked integer NOT NULL,
        skipped integer NOT NULL,
        running integer NOT NULL,
        concurrency integer NOT NULL,
        rate_per_second double precision NOT NULL,
        eta_seconds double precision,
        elapsed_ms bigint NOT NULL,
        last_sequence integer NOT NULL,
        last_sent_at timestamptz(3) NOT NULL,
        items_purged_at timestamptz(3),
        CONSTRAINT executions_pkey PRIMARY KEY (workflow_id),
        CONSTRAINT executions_status_check
          CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out'))
      )`);
    // Listings page by (started_at, workflow_id) descending, optionally filtered by type or status (keyset pagination).
    await queryRunner.query('CREATE INDEX executions_started_idx ON executions (started_at DESC, workflow_id DESC)');
    await queryRunner.query('CREATE INDEX executions_type_started_idx ON executions (workflow_type, started_at DESC, workflow_id DESC)');
    await queryRunner.query('CREATE INDEX executions_status_started_idx ON executions (status, started_at DESC, workflow_id DESC)');
    // Retention only looks for closed executions whose items are still there.
    await queryRunner.query('CREATE INDEX executions_closed_idx ON executions (closed_at) WHERE items_purged_at IS NULL');
    await queryRunner.query(`
      CREATE TABLE execution_items (
        execution_id text NOT NULL,
        step text NOT NULL,
        item_index integer NOT NULL,
        key text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL,
        started_at timestamptz(3),
        finished_at timestamptz(3),
        duration_ms bigint NOT NULL,
        error text,
        blocked_by text,
        item_preview text NOT NULL,
        output_preview text,
        CONSTRAINT execution_items_pkey PRIMARY KEY (execution_id, step, item_index),
        CONSTRAINT execution_items_execution_fkey FOREIGN KEY (execution_id) REFERENCES executions (workflow_id) ON DELETE CASCADE,
        CONSTRAINT execution_items_status_check CHECK (status IN ('succeeded', 'failed', 'blocked', 'skipped'))
      )`);
    await queryRunner.query('CREATE INDEX execution_items_status_idx ON execution_items (execution_id, step, status, item_index)');
    await queryRunner.query(`
      CREATE TABLE build_reports (
        execution_id text NOT NULL,
        report jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL,
        CONSTRAINT build_reports_pkey PRIMARY KEY (execution_id),
        CONSTRAINT build_reports_execution_fkey FOREIGN KEY (execution_id) REFERENCES executions (workflow_id) ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE build_reports');
    await queryRunner.query('DROP TABLE execution_items');
    await queryRunner.query('DROP TABLE executions');
    await queryRunner.query('DROP TABLE workflow_definitions');
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ExecutionStatus, LoopCounters, LoopProgress } from '../../protocol';
import { bigintAsNumber } from './numeric.transformer';

/** The latest counters of each loop of an execution, by step name. */
export type LoopsByStep = Record<string, LoopProgress>;

/**
 * The queryable record of one execution: a chain of Temporal runs (continue-as-new) under one workflow id. Temporal
 * keeps the truth; the progress sink and the reconciler keep this row close to it.
 */
@Entity({ name: 'executions' })
export class ExecutionEntity implements LoopCounters {
  /** The Temporal workflow id. */
  @PrimaryColumn({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'first_run_id', type: 'text' })
  firstRunId!: string;

  /** The runs of the continue-as-new chain, oldest first. */
  @Column({ name: 'run_ids', type: 'text', array: true })
  runIds!: string[];

  @Column({ name: 'workflow_type', type: 'text' })
  workflowType!: string;

  /** The parent execution, for a child workflow (a loop item run with `child:`). */
  @Column({ name: 'parent_workflow_id', type: 'text', nullable: true })
  parentWorkflowId!: string | null;

  @Column({ name: 'definition_hash', type: 'text' })
  definitionHash!: string;

  @Column({ name: 'task_queue', type: 'text' })
  taskQueue!: string;

  @Column({ type: 'text' })
  status!: ExecutionStatus;

  @Column({ type: 'jsonb', nullable: true })
  input!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  result!: unknown;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3 })
  startedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', precision: 3, nullable: true })
  closedAt!: Date | null;

  /** Server time of the last write. */
  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @Column({ type: 'jsonb' })
  loops!: LoopsByStep;

  /** Sums over `loops`. */
  @Column({ type: 'integer' })
  total!: number;

  @Column({ type: 'integer' })
  completed!: number;

  @Column({ type: 'integer' })
  succeeded!: number;

  @Column({ type: 'integer' })
  failed!: number;

  @Column({ type: 'integer' })
  blocked!: number;

  @Column({ type: 'integer' })
  skipped!: number;

  @Column({ type: 'integer' })
  running!: number;

  /** Sum of the windows of the loops that still have items to finish. */
  @Column({ type: 'integer' })
  concurrency!: number;

  /** Finished items per second, smoothed; 0 until the first item finishes. */
  @Column({ name: 'rate_per_second', type: 'double precision' })
  ratePerSecond!: number;

  /** Seconds until every known item has finished at the current rate; null while the rate is unknown. */
  @Column({ name: 'eta_seconds', type: 'double precision', nullable: true })
  etaSeconds!: number | null;

  /** Workflow time from the start to the latest batch. */
  @Column({ name: 'elapsed_ms', type: 'bigint', transformer: bigintAsNumber })
  elapsedMs!: number;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence!: number;

  /** Workflow time at which the latest batch was cut. */
  @Column({ name: 'last_sent_at', type: 'timestamptz', precision: 3 })
  lastSentAt!: Date;

  /** When retention deleted the execution's item rows. */
  @Column({ name: 'items_purged_at', type: 'timestamptz', precision: 3, nullable: true })
  itemsPurgedAt!: Date | null;
}

import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ItemStatus } from '../../protocol';
import { ExecutionEntity } from './execution.entity';
import { bigintAsNumber } from './numeric.transformer';

/** One finished item of a loop of an execution. */
@Entity({ name: 'execution_items' })
export class ExecutionItemEntity {
  @PrimaryColumn({ name: 'execution_id', type: 'text' })
  executionId!: string;

  /** The loop step. */
  @PrimaryColumn({ type: 'text' })
  step!: string;

  /** Position of the item in the loop input. */
  @PrimaryColumn({ name: 'item_index', type: 'integer' })
  itemIndex!: number;

  @ManyToOne(() => ExecutionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'execution_id', referencedColumnName: 'workflowId' })
  execution?: ExecutionEntity;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  status!: ItemStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'duration_ms', type: 'bigint', transformer: bigintAsNumber })
  durationMs!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** For a blocked item: the key of the failed item it depends on. */
  @Column({ name: 'blocked_by', type: 'text', nullable: true })
  blockedBy!: string | null;

  /** JSON of the item, cut to at most 1 KB. */
  @Column({ name: 'item_preview', type: 'text' })
  itemPreview!: string;

  /** JSON of the item's result, cut to at most 1 KB; null when the item produced none. */
  @Column({ name: 'output_preview', type: 'text', nullable: true })
  outputPreview!: string | null;

  /** Sequence of the progress batch that last wrote the row (0 for rows written before Baton recorded it). */
  @Column({ type: 'integer', default: 0 })
  sequence!: number;
}

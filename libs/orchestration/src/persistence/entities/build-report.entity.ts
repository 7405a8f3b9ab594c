import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { ExecutionEntity } from './execution.entity';

/** The report a build execution produced; kept when retention purges the execution's items. */
@Entity({ name: 'build_reports' })
export class BuildReportEntity {
  @PrimaryColumn({ name: 'execution_id', type: 'text' })
  executionId!: string;

  @OneToOne(() => ExecutionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'execution_id', referencedColumnName: 'workflowId' })
  execution?: ExecutionEntity;

  @Column({ type: 'jsonb' })
  report!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

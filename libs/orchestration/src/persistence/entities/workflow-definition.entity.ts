import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WorkflowDefinition } from '../../definition/workflow-definition';

/** Every version of a workflow definition a worker has booted with, keyed by name and IR hash. */
@Entity({ name: 'workflow_definitions' })
export class WorkflowDefinitionEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @PrimaryColumn({ type: 'text' })
  hash!: string;

  @Column({ type: 'jsonb' })
  ir!: WorkflowDefinition;

  @Column({ name: 'first_seen_at', type: 'timestamptz', precision: 3 })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', precision: 3 })
  lastSeenAt!: Date;
}

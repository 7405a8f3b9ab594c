import { registerEnumType } from '@nestjs/graphql';

export enum ExecutionStatusValue {
  RUNNING = 'running',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
  TERMINATED = 'terminated',
  TIMED_OUT = 'timed_out',
}
registerEnumType(ExecutionStatusValue, { name: 'ExecutionStatus', description: 'Lifecycle of an execution; Temporal has the final word.' });

export enum ItemStatusValue {
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  BLOCKED = 'blocked',
  SKIPPED = 'skipped',
}
registerEnumType(ItemStatusValue, { name: 'ItemStatus', description: 'How a loop item ended.' });

export enum StepKindValue {
  STEP = 'step',
  LOOP = 'loop',
}
registerEnumType(StepKindValue, { name: 'StepKind' });

export enum GraphNodeKind {
  STEP = 'step',
  LOOP = 'loop',
  ITEM = 'item',
}
registerEnumType(GraphNodeKind, { name: 'GraphNodeKind', description: 'A step, a loop step, or one item of a loop whose items depend on each other.' });

export enum NodeStatus {
  PENDING = 'pending',
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  BLOCKED = 'blocked',
  SKIPPED = 'skipped',
}
registerEnumType(NodeStatus, { name: 'NodeStatus' });

export enum ExecutionEventKind {
  ITEM_STARTED = 'ITEM_STARTED',
  ITEM_SUCCEEDED = 'ITEM_SUCCEEDED',
  ITEM_FAILED = 'ITEM_FAILED',
  ITEM_BLOCKED = 'ITEM_BLOCKED',
  ITEM_SKIPPED = 'ITEM_SKIPPED',
  STATUS_CHANGED = 'STATUS_CHANGED',
}
registerEnumType(ExecutionEventKind, { name: 'ExecutionEventType' });

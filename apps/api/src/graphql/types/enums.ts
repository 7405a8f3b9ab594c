import { registerEnumType } from '@nestjs/graphql';
import { EXECUTION_EVENT_TYPES, type ExecutionEventType } from '@baton/orchestration/persistence';
import {
  EXECUTION_STATUSES,
  GRAPH_NODE_STATUSES,
  ITEM_STATUSES,
  type ExecutionStatus,
  type GraphNodeStatus,
  type ItemStatus,
} from '@baton/orchestration/protocol';

/** A GraphQL enum over protocol values, each named by its value in capitals (`timed_out` is `TIMED_OUT`). */
function enumOf<const V extends string>(values: readonly V[]): { readonly [K in V as Uppercase<K>]: K } {
  return Object.fromEntries(values.map((value) => [value.toUpperCase(), value])) as { readonly [K in V as Uppercase<K>]: K };
}

export const ExecutionStatusValue = enumOf(EXECUTION_STATUSES);
export type ExecutionStatusValue = ExecutionStatus;
registerEnumType(ExecutionStatusValue, { name: 'ExecutionStatus', description: 'Lifecycle of an execution; Temporal has the final word.' });

export const ItemStatusValue = enumOf(ITEM_STATUSES);
export type ItemStatusValue = ItemStatus;
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
registerEnumType(GraphNodeKind, {
  name: 'GraphNodeKind',
  description: 'A step, a loop step, or one item of a loop whose items depend on each other.',
});

export const NodeStatus = enumOf(GRAPH_NODE_STATUSES);
export type NodeStatus = GraphNodeStatus;
registerEnumType(NodeStatus, { name: 'NodeStatus' });

export const ExecutionEventKind = enumOf(EXECUTION_EVENT_TYPES);
export type ExecutionEventKind = ExecutionEventType;
registerEnumType(ExecutionEventKind, { name: 'ExecutionEventType' });

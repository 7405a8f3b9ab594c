import { defineQuery } from '@temporalio/workflow';

/** Status of a node of a live execution graph. */
export type GraphNodeStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'blocked' | 'skipped';

/**
 * Answer of the `graph` query: every step with its status and, for loops whose items depend on each other, every
 * item with its dependencies and status (items of other loops are counted in `progress`, not drawn).
 */
export interface ExecutionGraphSnapshot {
  steps: { name: string; status: GraphNodeStatus }[];
  items: { step: string; key: string; dependsOn: string[]; status: GraphNodeStatus }[];
}

export const graphQuery = defineQuery<ExecutionGraphSnapshot>('baton.graph');

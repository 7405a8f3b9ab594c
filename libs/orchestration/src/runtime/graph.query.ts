import { defineQuery } from '@temporalio/workflow';
import { GRAPH_QUERY, type ExecutionGraphSnapshot } from '../protocol';

/** Answers with every step's status and, for loops whose items depend on each other, every item's. */
export const graphQuery = defineQuery<ExecutionGraphSnapshot>(GRAPH_QUERY);

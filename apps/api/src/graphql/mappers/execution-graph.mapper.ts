import type { WorkflowDefinition, ExecutionGraphSnapshot } from '@baton/orchestration';
import { GraphNodeKind, NodeStatus } from '../types/enums';
import type { ExecutionGraph } from '../types/execution-graph.type';
import { definitionGraph } from './workflow-definition.mapper';

/**
 * The definition's graph with each step's live status; a loop whose items depend on each other also gets one node
 * per item (`<step>/<key>`) and one edge per item dependency.
 */
export function toExecutionGraph(definition: WorkflowDefinition, snapshot: ExecutionGraphSnapshot): ExecutionGraph {
  const { nodes, edges } = definitionGraph(definition);
  const stepStatus = new Map(snapshot.steps.map((step) => [step.name, step.status]));
  const itemId = (step: string, key: string) => `${step}/${key}`;
  return {
    nodes: [
      ...nodes.map((node) => ({ ...node, status: (stepStatus.get(node.id) ?? 'pending') as NodeStatus })),
      ...snapshot.items.map((item) => ({
        id: itemId(item.step, item.key),
        label: item.key,
        kind: GraphNodeKind.ITEM,
        status: item.status as NodeStatus,
      })),
    ],
    edges: [
      ...edges,
      ...snapshot.items.flatMap((item) =>
        item.dependsOn.map((dependency) => ({ from: itemId(item.step, dependency), to: itemId(item.step, item.key) })),
      ),
    ],
  };
}

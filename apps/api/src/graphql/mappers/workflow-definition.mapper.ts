import type { LoopSource, WorkflowDefinition } from '@baton/orchestration';
import { GraphNodeKind, StepKindValue } from '../types/enums';
import type { WorkflowDefinitionType, WorkflowGraph } from '../types/workflow-definition.type';

/** The IR as the schema shows it. */
export function toWorkflowDefinition(definition: WorkflowDefinition): WorkflowDefinitionType {
  return {
    name: definition.name,
    taskQueue: definition.taskQueue,
    internal: definition.internal,
    hash: definition.hash,
    steps: definition.steps.map((step) => ({
      name: step.name,
      kind: step.kind === 'loop' ? StepKindValue.LOOP : StepKindValue.STEP,
      dependsOn: step.dependsOn,
      activityType: step.activityType,
      loop: step.loop === undefined ? undefined : { ...step.loop, over: describeSource(step.loop.over) },
      childWorkflow: step.loop?.child,
    })),
    graph: definitionGraph(definition),
  };
}

/** One node per step, one edge per dependency (from the step waited for to the step that waits). */
export function definitionGraph(definition: WorkflowDefinition): WorkflowGraph {
  return {
    nodes: definition.steps.map((step) => ({
      id: step.name,
      label: step.name,
      kind: step.kind === 'loop' ? GraphNodeKind.LOOP : GraphNodeKind.STEP,
    })),
    edges: definition.steps.flatMap((step) => step.dependsOn.map((dependency) => ({ from: dependency, to: step.name }))),
  };
}

function describeSource(source: LoopSource): string {
  return source.kind === 'step' ? `step:${source.step}` : source.path === undefined ? 'input' : `input:${source.path}`;
}

import { graphToDot, graphToJson, graphToMermaid, type PlannedPackage } from '@baton/package-builder';

/** `baton build --graph <format>`: the selected packages' graph as JSON (`PlanGraph`), Graphviz DOT or a Mermaid flowchart. */
const RENDERERS = { json: graphToJson, dot: graphToDot, mermaid: graphToMermaid } as const;

export type GraphFormat = keyof typeof RENDERERS;

export const GRAPH_FORMATS = Object.keys(RENDERERS) as GraphFormat[];

export function isGraphFormat(value: string): value is GraphFormat {
  return Object.hasOwn(RENDERERS, value);
}

export function graphText(format: GraphFormat, packages: readonly PlannedPackage[]): string {
  return RENDERERS[format](packages);
}

import { planGraph, type PlannedPackage } from './plan-graph';

/**
 * Mermaid flowchart (`--graph mermaid`, for Markdown): nodes get plain ids (`p0`, `p1`, …) as Mermaid wants, the
 * package id goes in a quoted label; an arrow from each package to each package it depends on, dotted and labelled
 * `cycle` for a link of a dependency cycle the build does not wait for.
 */
export function graphToMermaid(packages: readonly PlannedPackage[]): string {
  const graph = planGraph(packages);
  const node = new Map(graph.packages.map(({ id }, index) => [id, `p${index}`]));
  const nodes = graph.packages.map(({ id, runs }) => `  ${node.get(id)}["${mermaidText(id)}"]${runs ? '' : ':::skipped'}`);
  const edges = graph.dependencies.map(({ from, to, cycle }) => `  ${node.get(from)} ${cycle ? '-. cycle .->' : '-->'} ${node.get(to)}`);
  const skipped = graph.packages.some(({ runs }) => !runs) ? ['  classDef skipped stroke-dasharray: 4 4'] : [];
  return ['flowchart LR', ...nodes, ...edges, ...skipped, ''].join('\n');
}

/** Text inside a Mermaid quoted label: quotes and the characters Mermaid reads as markup, as its entity codes. */
function mermaidText(text: string): string {
  return text.replace(/[#"<>]/g, (char) => `#${char.charCodeAt(0)};`);
}

import { planGraph, type PlannedPackage } from './plan-graph';

/**
 * Graphviz DOT (`--graph dot`, then `dot -Tsvg`): one node per package, labelled with its id and, when they differ,
 * its folder; an edge from each package to each package it depends on, dashed and labelled `cycle` for a link of a
 * dependency cycle the build does not wait for. Packages with nothing to run are dashed.
 */
export function graphToDot(packages: readonly PlannedPackage[]): string {
  const graph = planGraph(packages);
  const nodes = graph.packages.map(({ id, path, runs }) => {
    const label = id === `./${path}` || id === path ? id : `${id}\n${path}`;
    return `  ${dotString(id)} [label=${dotString(label)}${runs ? '' : ', style=dashed'}];`;
  });
  const edges = graph.dependencies.map(
    ({ from, to, cycle }) => `  ${dotString(from)} -> ${dotString(to)}${cycle ? ' [style=dashed, label="cycle"]' : ''};`,
  );
  return ['digraph packages {', '  rankdir=LR;', '  node [shape=box];', ...nodes, ...edges, '}', ''].join('\n');
}

/** A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's `\n`. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

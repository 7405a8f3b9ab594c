import type { DependencyGraph } from './dependency-graph';
import { stronglyConnectedComponents, type StronglyConnectedComponents } from './strongly-connected-components';

/** What a scheduler that needs a DAG waits for in a graph with cycles (see `cycleUnits`). */
export interface CycleUnits {
  /** For each node, the nodes it waits for, ascending; never cyclic. */
  waitsFor: number[][];
  components: StronglyConnectedComponents;
}

/**
 * Builds each cycle (strongly connected component of 2+ nodes) as a unit, so that a scheduler gets a DAG yet nothing
 * starts before what it depends on, directly or not, has finished: a node of a cycle waits for everything any node of
 * its cycle depends on outside it, and a node depending on a node of a cycle waits for the whole cycle. Inside a
 * cycle a node waits only for the dependencies `awaits` keeps (none by default), which must form no cycle. Self-loops
 * are dropped. O(V + E) plus the links it adds.
 */
export function cycleUnits(graph: DependencyGraph, awaits: (node: number, dependency: number) => boolean = () => false): CycleUnits {
  const components = stronglyConnectedComponents(graph);
  const { component, componentSize, componentCount } = components;
  const members: number[][] = Array.from({ length: componentCount }, () => []);
  for (let v = 0; v < graph.size; v++) members[component[v]].push(v);
  /** What waiting for a node means: waiting for its whole cycle when it is in one. */
  const unit = (v: number) => members[component[v]];
  const below = members.map((nodes, c) =>
    componentSize[c] === 1 ? [] : [...new Set(nodes.flatMap((v) => Array.from(graph.dependenciesOf(v)).filter((d) => component[d] !== c)))],
  );
  const waitsFor = graph.keys.map((_, v) => {
    const c = component[v];
    const dependencies = Array.from(graph.dependenciesOf(v));
    const waits =
      componentSize[c] === 1
        ? dependencies.filter((d) => d !== v).flatMap(unit)
        : [...below[c].flatMap(unit), ...dependencies.filter((d) => d !== v && component[d] === c && awaits(v, d))];
    return [...new Set(waits)].sort((a, b) => a - b);
  });
  return { waitsFor, components };
}

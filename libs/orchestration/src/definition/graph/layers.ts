import type { DependencyGraph } from './dependency-graph';
import { requireTopologicalOrder } from './topological-order';

/**
 * Waves of keys that could run together: layer 0 has no dependencies, layer k's deepest dependency is in layer k - 1.
 * Keys keep id order within a layer.
 */
export function layers(graph: DependencyGraph): string[][] {
  const { size, keys, dependencyOffsets, dependencyTargets } = graph;
  const order = requireTopologicalOrder(graph, 'layers');
  const depth = new Int32Array(size);
  let deepest = -1;
  for (let k = 0; k < size; k++) {
    const v = order[k];
    let d = 0;
    for (let e = dependencyOffsets[v], end = dependencyOffsets[v + 1]; e < end; e++) {
      const below = depth[dependencyTargets[e]] + 1;
      if (below > d) d = below;
    }
    depth[v] = d;
    if (d > deepest) deepest = d;
  }

  const result: string[][] = Array.from({ length: deepest + 1 }, () => []);
  for (let v = 0; v < size; v++) result[depth[v]].push(keys[v]);
  return result;
}

/** Argument checks shared by the graph analyses, so every public entry point fails with the same clear message. */

interface Sized {
  readonly size: number;
}

interface Keyed extends Sized {
  readonly keys: readonly string[];
}

/** Node ids come from callers; a wrong one would otherwise read past a typed array and silently yield garbage. */
export function assertNodeIndex(graph: Sized, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= graph.size) {
    throw new RangeError(
      graph.size === 0
        ? `Expected a node index, but the graph is empty, got ${String(index)}.`
        : `Expected a node index from 0 to ${graph.size - 1}, got ${String(index)}. Use graph.indexOf(key) to find a node's index.`,
    );
  }
}

/** Validated copy of per-node weights (durations), defaulting to 1 per node. */
export function resolveWeights(graph: Keyed, weights: ArrayLike<number> | undefined): Float64Array {
  if (weights === undefined) return new Float64Array(graph.size).fill(1);
  if (weights.length !== graph.size) {
    throw new RangeError(`Expected one weight per node (${graph.size}), got ${weights.length} weights.`);
  }
  const resolved = new Float64Array(graph.size);
  for (let i = 0; i < graph.size; i++) {
    const weight = weights[i];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new RangeError(
        `Expected the weight of "${graph.keys[i]}" (weights[${i}]) to be a finite number from 0 and up, got ${String(weight)}.`,
      );
    }
    resolved[i] = weight;
  }
  return resolved;
}

/** Concurrency divides total work; anything below 1 (or NaN) would make the bound meaningless. */
export function assertConcurrency(concurrency: number): void {
  if (typeof concurrency !== 'number' || !(concurrency >= 1)) {
    throw new RangeError(`Expected \`concurrency\` to be a number from 1 and up, got ${String(concurrency)} (${typeof concurrency}).`);
  }
}

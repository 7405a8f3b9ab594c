import type { WorkflowDefinition } from './workflow-definition';

/**
 * What a definition itself requires of the workflow input, checked before an execution starts so that a bad start
 * fails at once instead of in its first loop: a loop over the input needs an array (or nothing) at its path, and a
 * loop whose concurrency comes from the input needs an integer ≥ 1 there when one is given.
 */
export function inputProblems(definition: WorkflowDefinition, input: unknown): string[] {
  const problems: string[] = [];
  for (const step of definition.steps) {
    const loop = step.loop;
    if (loop === undefined) continue;
    if (loop.over.kind === 'input') {
      const value = valueAt(input, loop.over.path);
      if (value !== undefined && value !== null && !Array.isArray(value)) {
        const where = loop.over.path === undefined ? 'the input' : `"${loop.over.path}"`;
        problems.push(`loop step "${step.name}" loops over ${where}, which must be an array, but it is ${describe(value)}`);
      }
    }
    if (loop.concurrencyFrom !== undefined) {
      const concurrency = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[loop.concurrencyFrom] : undefined;
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && (concurrency as number) >= 1)) {
        problems.push(`"${loop.concurrencyFrom}" sets the concurrency of loop step "${step.name}" and must be an integer ≥ 1, but it is ${describe(concurrency)}`);
      }
    }
  }
  return problems;
}

function valueAt(input: unknown, path: string | undefined): unknown {
  if (path === undefined) return input;
  let value = input;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;
}

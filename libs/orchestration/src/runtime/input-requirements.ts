import type { WorkflowDefinition } from '../definition/workflow-definition';
import { CONCURRENCY_RULE, isValidConcurrency } from '../definition/concurrency';
import { previewOf } from './item-preview';
import { isRecord, valueAtPath } from './loop-items';

/**
 * What a definition itself requires of the workflow input, checked before an execution starts so that a bad start
 * fails at once instead of in its first loop: a loop over the input needs an array (or nothing) at its path, and a
 * loop whose concurrency comes from the input needs an integer ≥ 1 there when one is given. Values are read as the
 * interpreter reads them (`valueAtPath`, `isRecord`) and judged by the same rule (`isValidConcurrency`).
 */
export function inputProblems(definition: WorkflowDefinition, input: unknown): string[] {
  const problems: string[] = [];
  for (const step of definition.steps) {
    const loop = step.loop;
    if (loop === undefined) continue;
    if (loop.over.kind === 'input') {
      const value = valueAtPath(input, loop.over.path);
      if (value !== undefined && value !== null && !Array.isArray(value)) {
        const where = loop.over.path === undefined ? 'the input' : `"${loop.over.path}"`;
        problems.push(`loop step "${step.name}" loops over ${where}, which must be an array, but it is ${describe(value)}`);
      }
    }
    if (loop.concurrencyFrom !== undefined) {
      const concurrency = isRecord(input) ? input[loop.concurrencyFrom] : undefined;
      if (concurrency !== undefined && !isValidConcurrency(concurrency)) {
        problems.push(`"${loop.concurrencyFrom}" sets the concurrency of loop step "${step.name}" and must be ${CONCURRENCY_RULE}, but it is ${describe(concurrency)}`);
      }
    }
  }
  return problems;
}

/** The value, cut to 200 bytes of JSON: enough to recognise it, never a whole large input echoed back. */
function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${previewOf(value, 200)}`;
}

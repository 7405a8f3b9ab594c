import type { WorkflowDefinition } from '../definition/workflow-definition';
import { isValidConcurrency } from '../definition/concurrency';
import { isRecord, valueAtPath } from './loop-items';
import { bailFromInputInvalid, concurrencyFromInputInvalid, loopNeedsArray } from './runtime.messages';

/**
 * What a definition itself requires of the workflow input, checked before an execution starts so that a bad start
 * fails at once instead of in its first loop: a loop over the input needs an array (or nothing) at its path, and a
 * loop whose concurrency comes from the input needs an integer ≥ 1 there when one is given, and one that reads
 * whether to bail from the input needs true or false there when one is given. Values are read as the
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
        problems.push(loopNeedsArray(step.name, loop, value));
      }
    }
    if (loop.concurrencyFrom !== undefined) {
      const concurrency = isRecord(input) ? input[loop.concurrencyFrom] : undefined;
      if (concurrency !== undefined && !isValidConcurrency(concurrency)) {
        problems.push(concurrencyFromInputInvalid(step.name, loop.concurrencyFrom, concurrency));
      }
    }
    if (loop.bailFrom !== undefined) {
      const bail = isRecord(input) ? input[loop.bailFrom] : undefined;
      if (bail !== undefined && typeof bail !== 'boolean') {
        problems.push(bailFromInputInvalid(step.name, loop.bailFrom, bail));
      }
    }
  }
  return problems;
}

import { describeValue } from '@baton/orchestration';
import { MAX_SCRIPT_TIMEOUT_MS } from '../build/package-script.runner';
import type { BuildInput } from './build-input';

/**
 * What is wrong with a PackageBuilder input's shape, one message per field; empty when nothing is. `concurrency` is
 * the loop's `concurrencyFrom`: the definition itself checks it, before the start and in the loop.
 */
export function buildInputProblems(input: BuildInput | undefined): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [`the input must be an object such as {"workspace": "path/to/monorepo"}, but got ${describeValue(input)}`];
  }
  return [
    typeof input.workspace === 'string' && input.workspace.length > 0
      ? undefined
      : `"workspace" must be the workspace directory, but got ${describeValue(input.workspace)}`,
    input.filter === undefined || (Array.isArray(input.filter) && input.filter.every((name) => typeof name === 'string'))
      ? undefined
      : `"filter" must be a list of package names, but got ${describeValue(input.filter)}`,
    input.test === undefined || typeof input.test === 'boolean'
      ? undefined
      : `"test" must be true or false, but got ${describeValue(input.test)}`,
    input.force === undefined || typeof input.force === 'boolean'
      ? undefined
      : `"force" must be true or false, but got ${describeValue(input.force)}`,
    input.timeoutMs === undefined || (Number.isInteger(input.timeoutMs) && input.timeoutMs >= 1 && input.timeoutMs <= MAX_SCRIPT_TIMEOUT_MS)
      ? undefined
      : `"timeoutMs" must be a whole number of milliseconds from 1 to ${MAX_SCRIPT_TIMEOUT_MS}, but got ${describeValue(input.timeoutMs)}`,
  ].filter((problem) => problem !== undefined);
}

import { describeValue } from '@baton/orchestration';
import { MAX_SCRIPT_TIMEOUT_MS } from '../build/package-script.runner';
import type { BuildInput } from './build-input';

/** Bounds on `filter`: a selector is a package name (214 characters at most) or a folder glob; unocss needs 41 names. */
export const MAX_FILTERS = 1000;
export const MAX_FILTER_LENGTH = 1000;

/**
 * What is wrong with a PackageBuilder input's shape, one message per field; empty when nothing is. `concurrency` and
 * `bail` are the loop's `concurrencyFrom` and `bailFrom`: the definition itself checks them, before the start and in
 * the loop.
 */
export function buildInputProblems(input: BuildInput | undefined): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [`the input must be an object such as {"workspace": "path/to/monorepo"}, but got ${describeValue(input)}`];
  }
  return [
    typeof input.workspace === 'string' && input.workspace.length > 0
      ? undefined
      : `"workspace" must be the workspace directory, but got ${describeValue(input.workspace)}`,
    input.filter === undefined || isFilterList(input.filter)
      ? undefined
      : `"filter" must be a list of at most ${MAX_FILTERS} package selectors (pnpm's --filter syntax), each 1 to ` +
        `${MAX_FILTER_LENGTH} characters without NUL, but got ${describeValue(input.filter)}`,
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

function isFilterList(filter: unknown): boolean {
  return (
    Array.isArray(filter) &&
    filter.length <= MAX_FILTERS &&
    filter.every(
      (selector) => typeof selector === 'string' && selector.length > 0 && selector.length <= MAX_FILTER_LENGTH && !selector.includes('\0'),
    )
  );
}

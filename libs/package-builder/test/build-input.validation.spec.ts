import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { buildInputProblems, MAX_FILTER_LENGTH, MAX_FILTERS } from '../src/workflows/build-input.validation';

const FILTER_PROBLEM =
  '"filter" must be a list of at most 1000 package selectors (pnpm\'s --filter syntax), each 1 to 1000 characters without NUL, but got ';

describe('buildInputProblems: filter', () => {
  it.each([
    [['@acme/web', './packages/*', '...@acme/core...', '!@acme/docs', 'x'.repeat(MAX_FILTER_LENGTH)]],
    [Array.from({ length: MAX_FILTERS }, (_, index) => `@acme/p${index}`)],
    [[]],
  ])('accepts selectors of any pnpm form within the bounds', (filter) => {
    assert.deepEqual(buildInputProblems({ workspace: '/repo', filter }), []);
  });

  it.each([
    ['a string', '@acme/web', 'a string ("@acme/web")'],
    ['an empty selector', [''], 'an array of 1 item'],
    ['a NUL character', ['@acme/\u0000web'], 'an array of 1 item'],
    ['a selector too long', ['x'.repeat(MAX_FILTER_LENGTH + 1)], 'an array of 1 item'],
    ['too many selectors', Array.from({ length: MAX_FILTERS + 1 }, () => 'a'), `an array of ${MAX_FILTERS + 1} items`],
    ['a number among them', ['a', 1], 'an array of 2 items'],
  ])('refuses %s', (_case, filter, described) => {
    assert.deepEqual(buildInputProblems({ workspace: '/repo', filter: filter as string[] }), [FILTER_PROBLEM + described]);
  });
});

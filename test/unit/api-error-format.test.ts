import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { formatErrorFor } from '../../apps/api/src/graphql/error-format';

describe('GraphQL error format', () => {
  const internal = {
    message: 'connect ECONNREFUSED 10.0.0.7:5432',
    path: ['execution'],
    extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: connect', '    at x.js:1:1'] },
  };
  const user = {
    message: 'No workflow is named "Nope".',
    extensions: { code: 'BAD_USER_INPUT', stacktrace: ['Error', '    at y.js:2:2'] },
  };

  it('in production, hides a server fault’s message and every stack trace, and keeps a caller’s error as written', () => {
    const format = formatErrorFor(true);
    assert.deepEqual(format(internal), {
      message: 'Internal server error',
      path: ['execution'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    assert.deepEqual(format(user), { message: 'No workflow is named "Nope".', extensions: { code: 'BAD_USER_INPUT' } });
    assert.deepEqual(format({ message: 'boom' }), { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('outside production, leaves errors as Apollo formatted them', () => {
    assert.deepEqual(formatErrorFor(false)(internal), internal);
  });
});

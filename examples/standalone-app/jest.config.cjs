/**
 * Jest for an application using Baton: the preset of @baton/testing (native ESM, @swc/jest with decorator metadata,
 * Baton's packages from their sources), plus where the tests are.
 * @type {import('jest').Config}
 */
module.exports = {
  preset: '@baton/testing',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // A real Temporal worker starts per test file; the first start compiles the workflow bundle (seconds).
  testTimeout: 120_000,
};

/**
 * `npm test` runs this suite after lint and the build. Jest runs with the preset users get from @baton/testing (native ESM,
 * @swc/jest); see docs/testing.md.
 * @type {import('jest').Config}
 */
module.exports = {
  // The same set-up as a user's application: native ESM, @swc/jest, the packages from their sources.
  preset: '@baton/testing',
  roots: ['<rootDir>/test', '<rootDir>/libs', '<rootDir>/examples/standalone-app'],
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/fixtures/'],
  // The real Temporal server and PostgreSQL, started once for the whole run (or TEMPORAL_ADDRESS / DATABASE_URL).
  globalSetup: '<rootDir>/test/jest/global-setup.cjs',
  globalTeardown: '<rootDir>/test/jest/global-teardown.cjs',
  // One file at a time, each in a fresh worker process, as the suites share one server and start native Temporal
  // runtimes: a worker whose memory exceeds this limit after a file is replaced, and every worker exceeds it.
  maxWorkers: 1,
  workerIdleMemoryLimit: '1MB',
  testTimeout: 10 * 60_000,
  verbose: true,
};

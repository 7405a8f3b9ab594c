/**
 * `npm test` runs this suite after lint and the build. Jest runs in native ESM mode (NestJS 12 is ESM-only), the
 * TypeScript sources are transformed by @swc/jest; see shared STACK-NOTES and docs/testing.md.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  // In-process code runs from the packages' TypeScript sources (their exports map names them under this condition);
  // Node's own resolution, used for what is spawned or bundled, still picks the compiled dist files.
  testEnvironmentOptions: { customExportConditions: ['@baton/source', 'node', 'node-addons'] },
  roots: ['<rootDir>/test', '<rootDir>/libs', '<rootDir>/examples/standalone-app'],
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/fixtures/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        module: { type: 'es6' },
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: {
            legacyDecorator: true,
            // Without decorator metadata Nest injects undefined into every constructor.
            decoratorMetadata: true,
            // The sources are CommonJS (that is how they ship); under ESM they get the same three module-scope names.
            optimizer: {
              globals: {
                vars: {
                  __dirname: 'import.meta.dirname',
                  __filename: 'import.meta.filename',
                  require: "process.getBuiltinModule('node:module').createRequire(import.meta.url)",
                },
              },
            },
          },
        },
      },
    ],
  },
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

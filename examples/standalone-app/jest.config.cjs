/**
 * Jest for an application using Baton. Nest 12 is ESM-only, so Jest runs in native ESM mode
 * (NODE_OPTIONS=--experimental-vm-modules) and @swc/jest compiles the TypeScript, decorators with their metadata.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  // Baton's packages ship CommonJS that require() Nest 12, which is ESM; Jest's module loader can do that only on
  // Node 24.9 and later. This condition (in each package's exports map) loads their TypeScript sources instead,
  // compiled by the transform below like the application's own files.
  testEnvironmentOptions: { customExportConditions: ['@baton/source', 'node', 'node-addons'] },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import './file.js' (NodeNext); Jest resolves the .ts file.
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
            // Without decorator metadata, Nest injects undefined into every constructor.
            decoratorMetadata: true,
            // Baton's sources are CommonJS; under ESM they get the same three module-scope names.
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
  // A real Temporal worker starts per test file; the first start compiles the workflow bundle (seconds).
  testTimeout: 120_000,
};

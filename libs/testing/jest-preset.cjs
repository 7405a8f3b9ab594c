/**
 * Jest preset for testing Baton applications (`preset: '@baton/testing'`). Nest 12 is ESM-only, so Jest runs in
 * native ESM mode (NODE_OPTIONS=--experimental-vm-modules) and @swc/jest compiles the TypeScript, decorators with
 * their metadata. See docs/testing.md.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  // Baton's packages ship CommonJS that require() Nest 12, which is ESM; Jest's module loader can do that only on
  // Node 24.9 and later. This condition (in each package's exports map) loads their TypeScript sources instead,
  // compiled by the transform below like the application's own files. Node's own resolution, used for what is
  // spawned or bundled, still picks the compiled files.
  testEnvironmentOptions: { customExportConditions: ['@baton/source', 'node', 'node-addons'] },
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
};

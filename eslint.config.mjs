import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code that runs inside Temporal's deterministic workflow sandbox: the files of libs/orchestration/tsconfig.sandbox.json. */
const SANDBOX_FILES = [
  'libs/orchestration/src/runtime/**/*.ts',
  'libs/orchestration/src/definition/**/*.ts',
  'libs/orchestration/src/protocol/**/*.ts',
  'libs/orchestration/src/workflow.ts',
];

/** The workspace packages under libs/: each is used through its name and exports map, never through its files. */
const PACKAGES = ['orchestration', 'dev-stack', 'package-builder', 'testing'];
const PACKAGE_INTERNALS = {
  group: [
    '**/libs/*/src',
    '**/libs/*/src/**',
    '**/libs/*/dist',
    '**/libs/*/dist/**',
    '@baton/*/src',
    '@baton/*/src/**',
    '@baton/*/dist',
    '@baton/*/dist/**',
  ],
  message: `Import the package (${PACKAGES.map((name) => `@baton/${name}`).join(', ')}) instead of its internals.`,
};
/** From inside libs/<name>, another package's folder is reached by a relative path that never says "libs/". */
const otherPackagesInternals = (name) => ({
  group: PACKAGES.filter((other) => other !== name).flatMap((other) => [
    `**/${other}/src`,
    `**/${other}/src/**`,
    `**/${other}/dist`,
    `**/${other}/dist/**`,
  ]),
  message: PACKAGE_INTERNALS.message,
});

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', '.baton/**', '**/fixtures/**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Layout is Prettier's (`npm run format`; lint runs `prettier --check`). It cannot break a long string or comment,
  // so the width it works to (.prettierrc.json) is also a rule here: no line is longer.
  prettier,
  { rules: { 'max-len': ['error', { code: 140, tabWidth: 2 }] } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
  {
    files: ['**/*.{ts,mjs,js}'],
    ignores: ['libs/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PACKAGE_INTERNALS] }] },
  },
  ...PACKAGES.map((name) => ({
    files: [`libs/${name}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [PACKAGE_INTERNALS, otherPackagesInternals(name)] }] },
  })),
  {
    files: SANDBOX_FILES,
    rules: {
      // Replaces the orchestration rule above for these files (a later config's rule options win), so it repeats it.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            PACKAGE_INTERNALS,
            otherPackagesInternals('orchestration'),
            {
              group: ['@baton/*'],
              message:
                'Workflow sandbox code must not import packages of its own: the bundle holds runtime/, definition/ and protocol/ only.',
            },
            { group: ['node:*'], message: 'Workflow sandbox code must not use Node built-ins.' },
            { group: ['@nestjs/*', 'reflect-metadata'], message: 'Workflow sandbox code must not use Nest or reflect-metadata.' },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
              message: 'Workflow sandbox code may only use @temporalio/workflow and @temporalio/common.',
            },
            {
              group: [
                '../worker/*',
                '../discovery/*',
                '../client/*',
                '../config/*',
                '../process/*',
                '../persistence/*',
                '../decorators/*',
                '../errors/*',
              ],
              message: 'Workflow sandbox code must stay behind runtime/, definition/ and protocol/.',
            },
          ],
          paths: [
            'fs',
            'path',
            'os',
            'crypto',
            'child_process',
            'events',
            'util',
            'http',
            'https',
            'net',
            'stream',
            'timers',
            'worker_threads',
          ].map((name) => ({
            name,
            message: 'Workflow sandbox code must not use Node built-ins.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow sandbox code must not read process state.' },
        { name: 'require', message: 'Workflow sandbox code must use static imports.' },
      ],
    },
  },
);

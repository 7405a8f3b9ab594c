import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code that runs inside Temporal's deterministic workflow sandbox. */
const SANDBOX_FILES = ['libs/orchestration/src/runtime/**/*.ts', 'libs/orchestration/src/definition/**/*.ts', 'libs/orchestration/src/workflow.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.baton/**', '**/fixtures/**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
  {
    files: SANDBOX_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflow sandbox code must not use Node built-ins.' },
            { group: ['@nestjs/*', 'reflect-metadata'], message: 'Workflow sandbox code must not use Nest or reflect-metadata.' },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
              message: 'Workflow sandbox code may only use @temporalio/workflow and @temporalio/common.',
            },
            { group: ['../worker/*', '../discovery/*', '../client/*', '../infrastructure/*', '../decorators/*'], message: 'Workflow sandbox code must stay behind runtime/ and definition/.' },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'child_process', 'events', 'util', 'http', 'https', 'net', 'stream', 'timers', 'worker_threads'].map((name) => ({
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

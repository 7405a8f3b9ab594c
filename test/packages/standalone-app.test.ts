import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/repository';

const run = promisify(execFile);
const APP = join(REPO_ROOT, 'examples', 'standalone-app');
const TSC = createRequire(join(REPO_ROOT, 'package.json')).resolve('typescript/bin/tsc');

/** Every `from '…'`, `import('…')` and `require('…')` specifier in the app's TypeScript files. */
async function importSpecifiers(): Promise<{ file: string; specifier: string }[]> {
  const files = (await readdir(APP, { recursive: true }))
    .filter((file) => file.endsWith('.ts') && !file.startsWith('dist') && !file.includes('node_modules'))
    .map((file) => join(APP, file));
  const found: { file: string; specifier: string }[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)) {
      found.push({ file: relative(APP, file), specifier: match[1] });
    }
  }
  return found;
}

describe('a Nest application outside apps/ using Baton through its package names (examples/standalone-app)', () => {
  it('imports Baton only through package names: no libs/ path, no relative path out of the app', async () => {
    const specifiers = await importSpecifiers();
    assert.ok(specifiers.some(({ specifier }) => specifier === '@baton/orchestration'));
    assert.ok(specifiers.some(({ specifier }) => specifier === '@baton/testing'));
    const outside = specifiers.filter(
      ({ file, specifier }) =>
        specifier.includes('libs/') ||
        /^@baton\/[^/]+\/(src|dist)(\/|$)/.test(specifier) ||
        (specifier.startsWith('.') && relative(APP, resolve(APP, file, '..', specifier)).startsWith('..')),
    );
    assert.deepEqual(outside, [], 'imports that reach past the packages’ entry points');
  });

  it('compiles on its own with `tsc -p examples/standalone-app`, the packages’ types coming from their exports', async () => {
    await rm(join(APP, 'dist'), { recursive: true, force: true });
    const { stdout, stderr } = await run(process.execPath, [TSC, '-p', APP, '--listFilesOnly'], { cwd: REPO_ROOT });
    assert.equal(stderr, '');
    const sources = stdout.split('\n').filter((file) => file.startsWith(join(REPO_ROOT, 'libs')));
    // Through the exports' "types" condition: the libraries' declarations, never their sources.
    assert.ok(
      sources.length > 0 && sources.every((file) => /\/libs\/[^/]+\/dist\/.*\.d\.ts$/.test(file)),
      sources.filter((file) => !file.endsWith('.d.ts')).join('\n'),
    );
    await run(process.execPath, [TSC, '-p', APP], { cwd: REPO_ROOT }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc -p examples/standalone-app failed:\n${error.stdout}`);
    });
  });

  it('runs its compiled main against TEMPORAL_ADDRESS: starts a worker, runs the workflow once and prints the report', async () => {
    assert.ok(process.env.TEMPORAL_ADDRESS, 'the suite’s global setup sets TEMPORAL_ADDRESS');
    // Its own folder for the workflow bundle cache the app keeps under .baton/ in its working directory.
    const cwd = await mkdtemp(join(tmpdir(), 'baton-standalone-'));
    try {
      const { stdout } = await run(process.execPath, [join(APP, 'dist', 'src', 'main.js')], {
        cwd,
        env: { ...process.env, TASK_QUEUE: `standalone-${randomUUID()}` },
        timeout: 120_000,
      });
      assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)!), { sent: 3, failed: [] });
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { buildDefinition } from '../src/definition/build-definition';
import { withHash } from '../src/discovery/definition-hash';
import { compileWorkflowBundle, generateWorkflowEntry } from '../src/worker/workflow-bundle.compiler';

const definition = (concurrency: number) =>
  withHash(
    buildDefinition({ className: 'Import', methods: [{ method: 'rows', loop: { concurrency, over: { input: true } } }] }, 'imports'),
  );

describe('workflow bundle: the generated entry bundled with the sandbox interpreter', () => {
  it('generates one export per workflow type, bound to its IR', () => {
    const entry = generateWorkflowEntry([definition(2)]);
    assert.match(entry, /^exports\["Import"\] = defineBatonWorkflow\(\{"name":"Import".*\}, options\);$/m);
    assert.match(entry, /require\(".*\/dist\/workflow\.js"\)/);
  });

  it('bundles without Node built-ins, Nest or reflect-metadata, and reuses the bundle while nothing changed', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'baton-bundle-'));
    const first = await compileWorkflowBundle([definition(2)], cacheDir);
    assert.equal(first.cached, false);
    // Temporal's bundler fails on disallowed Node modules; check the rest of the Node-only world stayed out too.
    for (const forbidden of [
      '@nestjs',
      'reflect-metadata',
      '@temporalio/worker/lib',
      '@temporalio/client/lib',
      'infrastructure/',
      'discovery/',
    ]) {
      assert.ok(!first.code.includes(forbidden), `the bundle does not contain ${forbidden}`);
    }
    assert.ok(first.code.includes('runtime/loop-window'), 'the interpreter is in the bundle');

    const again = await compileWorkflowBundle([definition(2)], cacheDir);
    assert.deepEqual({ cached: again.cached, key: again.key }, { cached: true, key: first.key });
    const changed = await compileWorkflowBundle([definition(3)], cacheDir);
    assert.equal(changed.cached, false);
    assert.notEqual(changed.key, first.key);

    // The same two versions, the other one current (a rollback): another bundle, whose new runs start with it.
    const rolledBack = await compileWorkflowBundle([definition(2)], cacheDir, { earlier: [definition(3)] });
    const forward = await compileWorkflowBundle([definition(3)], cacheDir, { earlier: [definition(2)] });
    assert.deepEqual([rolledBack.cached, forward.cached], [false, false]);
    assert.notEqual(rolledBack.key, forward.key);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { BuildHistoryStore } from '../src/workflows/build-history.store';

describe('build history of earlier runs', () => {
  /** A store under this BATON_HOME, as the module injects it. */
  function storeIn(home: string): BuildHistoryStore {
    return new BuildHistoryStore(home);
  }

  it('starts empty, then keeps each workspace’s latest durations', async () => {
    const store = storeIn(mkdtempSync(join(tmpdir(), 'baton-history-')));
    assert.deepEqual(await store.durations('/repo'), {});
    await store.record('/repo', { '@acme/a': 100, '@acme/b': 200 });
    await store.record('/repo', { '@acme/a': 150 });
    await store.record('/other', { '@x/y': 5 });
    assert.deepEqual(await store.durations('/repo'), { '@acme/a': 150, '@acme/b': 200 });
  });

  it('names the file and the fix when the history is not valid JSON', async () => {
    const home = mkdtempSync(join(tmpdir(), 'baton-history-'));
    const file = join(home, 'package-builder', 'durations.json');
    mkdirSync(join(home, 'package-builder'));
    writeFileSync(file, '{ not json');
    await assert.rejects(
      storeIn(home).durations('/repo'),
      (error: Error) =>
        error.message.startsWith(`The build history at ${file} is not valid JSON (`) &&
        error.message.endsWith('Delete the file: the next build records durations afresh.'),
    );
  });
});

import { afterAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheSettings } from '../src/cache/cache-settings';
import { InvalidCacheSettingsError } from '../src/cache/invalid-cache-settings.error';
import { PackageCache } from '../src/cache/package-cache';
import { NotAFolderError } from '../src/logs/not-a-folder.error';
import type { PackagePlan } from '../src/workflows/build-input';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('cache settings from package.json', () => {
  it('defaults to dist/** as outputs, no variables, cache on', () => {
    assert.deepEqual(cacheSettings({ name: 'a' }, '/p/package.json'), { outputs: ['dist/**'], env: [], cache: true });
    assert.deepEqual(cacheSettings({ baton: { outputs: ['lib/**', '{a,b}/*.js'], env: ['NODE_ENV'], cache: false } }, '/p/package.json'), {
      outputs: ['lib/**', '{a,b}/*.js'],
      env: ['NODE_ENV'],
      cache: false,
    });
  });

  it.each<[unknown, RegExp]>([
    ['dist', /"baton" must be an object, but got a string \("dist"\)/],
    [{ outputs: 'dist/**' }, /"baton\.outputs" must be a list of globs inside the package folder .*, but got a string \("dist\/\*\*"\)/],
    [{ outputs: ['../shared/**'] }, /"baton\.outputs" must be a list of globs inside the package folder/],
    [{ outputs: ['/etc/**'] }, /"baton\.outputs" must be a list of globs inside the package folder/],
    [{ outputs: ['!dist/x'] }, /"baton\.outputs" must be a list of globs inside the package folder/],
    [{ env: ['NODE ENV'] }, /"baton\.env" must be a list of environment variable names/],
    [{ cache: 'no' }, /"baton\.cache" must be true or false, but got a string \("no"\)/],
  ])('refuses "baton": %j, with the fix', (baton, message) => {
    assert.throws(
      () => cacheSettings({ baton }, '/p/package.json'),
      (error: unknown) => {
        assert.ok(error instanceof InvalidCacheSettingsError);
        assert.match(error.message, /^Invalid "baton" field in \/p\/package\.json: /);
        assert.match(error.message, message);
        assert.match(error.message, /Declare it as e\.g\. "baton": \{ "outputs": \["dist\/\*\*"\], "env": \["NODE_ENV"\] \}/);
        return true;
      },
    );
  });
});

/** A package `a` in a fresh workspace, with the given package.json. */
function tempPackage(manifest: Record<string, unknown>): { root: string; dir: string; pkg: PackagePlan } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'baton-cache-settings-')));
  tempDirs.push(root);
  const dir = join(root, 'packages', 'a');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  const pkg: PackagePlan = {
    name: 'a',
    version: '1.0.0',
    dir,
    relativeDir: 'packages/a',
    workspaceRoot: root,
    packageManager: 'npm',
    dependencies: [],
    hasBuild: true,
    runTests: false,
    timeoutMs: 60_000,
  };
  return { root, dir, pkg };
}

describe('a package’s cache entry', () => {
  it('never takes a file outside the package folder as an output, whatever its globs spell', async () => {
    const manifest = { name: 'a', version: '1.0.0', scripts: { build: 'true' }, baton: { outputs: ['dist/**', '{..,x}/*.txt'] } };
    const { root, dir, pkg } = tempPackage(manifest);
    writeFileSync(join(root, 'packages', 'secret.txt'), 'outside');
    writeFileSync(join(dir, 'dist', 'index.js'), 'inside');
    const log = join(root, 'build.log');
    writeFileSync(log, 'built\n');
    const cache = await PackageCache.open(pkg, manifest);
    await cache.save(log);

    const [entry] = readdirSync(join(root, '.baton', 'cache', 'entries'));
    const saved = JSON.parse(readFileSync(join(root, '.baton', 'cache', 'entries', entry), 'utf8')) as { outputs: { path: string }[] };
    assert.deepEqual(
      saved.outputs.map((file) => file.path),
      ['dist/index.js'],
    );
    rmSync(join(dir, 'dist'), { recursive: true });
    assert.equal((await (await PackageCache.open(pkg, manifest)).restore())?.toString(), 'built\n');
    assert.equal(readFileSync(join(dir, 'dist', 'index.js'), 'utf8'), 'inside');
  });

  it('refuses a link planted inside an existing .baton/cache, writing nothing through it', async () => {
    const manifest = { name: 'a', version: '1.0.0', scripts: { build: 'true' } };
    const { root, dir, pkg } = tempPackage(manifest);
    writeFileSync(join(dir, 'dist', 'index.js'), 'built');
    const log = join(root, 'build.log');
    writeFileSync(log, 'built\n');
    await (await PackageCache.open(pkg, manifest)).save(log);

    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'baton-cache-elsewhere-')));
    tempDirs.push(elsewhere);
    rmSync(join(root, '.baton', 'cache', 'entries'), { recursive: true });
    symlinkSync(elsewhere, join(root, '.baton', 'cache', 'entries'));
    await assert.rejects(PackageCache.open(pkg, Promise.resolve(manifest)), NotAFolderError);
    assert.equal(readdirSync(elsewhere).length, 0);
  });
});

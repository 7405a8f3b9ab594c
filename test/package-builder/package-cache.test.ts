import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import {
  BuildHistoryStore,
  PACKAGE_BUILDER_PROVIDERS,
  PackageBuilderWorkflow,
  packageLogPath,
  reportToMarkdown,
  WorkspaceRoots,
  type BuildInput,
  type BuildReport,
} from '@baton/package-builder';
import { CACHE_ENV_VARIABLE as ENV_VARIABLE, writeCacheWorkspace as writeWorkspace } from '../support/cache-workspace';
import { useTestStack, type TestStack } from '../support/test-stack';
import { startWorkerApp, type WorkerApp } from '../support/worker-app';

describe('PackageBuilder logs and cache (real Temporal, real scripts)', () => {
  let stack: TestStack;
  let worker: WorkerApp;
  let inside: string;

  beforeAll(async () => {
    stack = await useTestStack();
    inside = realpathSync(mkdtempSync(join(tmpdir(), 'baton-cache-allowed-')));
    worker = await startWorkerApp(stack, [
      ...PACKAGE_BUILDER_PROVIDERS,
      { provide: WorkspaceRoots, useValue: new WorkspaceRoots([inside]) },
    ]);
  });

  afterAll(async () => {
    delete process.env[ENV_VARIABLE];
    await worker?.close();
    await stack?.stop();
    if (inside !== undefined) rmSync(inside, { recursive: true, force: true });
  });

  /** Runs a build; returns its report, its workflow id and the packages whose build script ran, sorted. */
  async function build(
    root: string,
    input: Partial<BuildInput> = {},
  ): Promise<{ report: BuildReport; workflowId: string; built: string[] }> {
    const builds = join(root, 'builds.txt');
    rmSync(builds, { force: true });
    const handle = await worker.client.start<BuildReport>(PackageBuilderWorkflow, { workspace: root, concurrency: 2, ...input });
    const report = await handle.result();
    const built = existsSync(builds) ? readFileSync(builds, 'utf8').split('\n').filter(Boolean).sort() : [];
    return { report, workflowId: handle.workflowId, built };
  }

  const hits = (report: BuildReport) =>
    report.packages
      .filter((pkg) => pkg.cache === 'hit')
      .map((pkg) => pkg.name)
      .sort();
  const cacheEntries = (root: string) => readdirSync(join(root, '.baton', 'cache', 'entries')).sort();

  it('keeps each package’s raw output in .baton/runs/<workflow id>/, linked from the report', async () => {
    const root = writeWorkspace(inside);
    const { report, workflowId, built } = await build(root);
    assert.deepEqual(built, ['@c/base', '@c/mid', '@c/other', '@c/top']);
    assert.equal(report.packages.find((pkg) => pkg.name === '@c/types')!.logPath, undefined, 'skipped: no log');
    for (const pkg of report.packages.filter((candidate) => candidate.status === 'succeeded')) {
      const path = join(root, '.baton', 'runs', workflowId, `${pkg.name.replace('/', '__')}.log`);
      assert.equal(pkg.logPath, path);
      assert.equal(pkg.cache, 'miss');
      const log = readFileSync(path, 'utf8');
      assert.ok(log.startsWith(`> ${pkg.name}@1.0.0 build\n> node ../../build.mjs\n`), log);
      assert.ok(log.includes(`\x1b[32mbuilding ${pkg.name}\x1b[39m\n`), 'the log keeps the colours');
    }
    const markdown = reportToMarkdown(report);
    assert.ok(markdown.includes(`| [@c/base](<${packageLogPath(root, workflowId, '@c/base')}>) | succeeded |`), markdown);
    assert.ok(markdown.includes('| **From cache** | 0 of 5 |'), markdown);
  });

  it('restores every package of an unchanged workspace; a changed file misses its package and its dependents only', async () => {
    const root = writeWorkspace(inside);
    await build(root);
    const history = worker.get(BuildHistoryStore);
    const recorded = await history.durations(root);

    const second = await build(root);
    assert.deepEqual(second.built, []);
    assert.deepEqual(hits(second.report), ['@c/base', '@c/mid', '@c/other', '@c/top']);
    assert.deepEqual(await history.durations(root), recorded, 'a hit records no build duration: the next plan weighs real builds');
    assert.equal(second.report.totals.succeeded, 4);
    assert.ok(reportToMarkdown(second.report).includes('| **From cache** | 4 of 5 |'));
    const hitLog = readFileSync(packageLogPath(root, second.workflowId, '@c/mid'), 'utf8');
    assert.match(
      hitLog,
      /^Cache hit \([0-9a-f]{16}\): outputs restored; the output of the build they come from follows\.\n> @c\/mid@1\.0\.0 build\n/,
    );

    writeFileSync(join(root, 'packages', 'mid', 'src', 'index.js'), "export const name = 'mid, changed';\n");
    const third = await build(root);
    assert.deepEqual(third.built, ['@c/mid', '@c/top']);
    assert.deepEqual(hits(third.report), ['@c/base', '@c/other']);
    assert.match(readFileSync(join(root, 'packages', 'mid', 'dist', 'index.js'), 'utf8'), /mid, changed/);

    // A new file is an input too.
    writeFileSync(join(root, 'packages', 'top', 'src', 'extra.js'), 'export {};\n');
    assert.deepEqual((await build(root)).built, ['@c/top']);
    // So are the files of a dependency with nothing to build: everything above it builds again.
    writeFileSync(join(root, 'packages', 'types', 'src', 'index.js'), 'export type Changed = 1;\n');
    assert.deepEqual((await build(root)).built, ['@c/base', '@c/mid', '@c/top']);
  });

  it('misses a package whose declared environment variable changed, and only that one', async () => {
    const root = writeWorkspace(inside);
    process.env[ENV_VARIABLE] = 'one';
    await build(root);
    assert.deepEqual((await build(root)).built, []);
    process.env[ENV_VARIABLE] = 'two';
    assert.deepEqual((await build(root)).built, ['@c/other']);
    delete process.env[ENV_VARIABLE];
    assert.deepEqual((await build(root)).built, ['@c/other']);
  });

  it('restores deleted or changed outputs on a hit, byte for byte', async () => {
    const root = writeWorkspace(inside);
    await build(root);
    const base = join(root, 'packages', 'base', 'dist', 'index.js');
    const mid = join(root, 'packages', 'mid', 'dist', 'index.js');
    const [baseBuilt, midBuilt] = [readFileSync(base, 'utf8'), readFileSync(mid, 'utf8')];
    rmSync(join(root, 'packages', 'base', 'dist'), { recursive: true });
    writeFileSync(mid, 'tampered');
    const { built, report } = await build(root);
    assert.deepEqual(built, []);
    assert.equal(hits(report).length, 4);
    assert.equal(readFileSync(base, 'utf8'), baseBuilt);
    assert.equal(readFileSync(mid, 'utf8'), midBuilt);
  });

  it('builds everything with force, still saving what it built', async () => {
    const root = writeWorkspace(inside);
    await build(root);
    const entries = cacheEntries(root);
    const forced = await build(root, { force: true });
    assert.deepEqual(forced.built, ['@c/base', '@c/mid', '@c/other', '@c/top']);
    assert.deepEqual(hits(forced.report), []);
    assert.deepEqual(cacheEntries(root), entries, 'the same inputs: the same entries');
    assert.deepEqual((await build(root)).built, []);
  });

  it('writes no entry for a failed build, and its log is in the report', async () => {
    const root = writeWorkspace(inside);
    await build(root);
    const entries = cacheEntries(root);
    const state = readFileSync(join(root, '.baton', 'cache', 'packages', '@c__mid.json'), 'utf8');
    writeFileSync(join(root, 'packages', 'mid', 'src', 'index.js'), 'FAIL\n');

    const { report, workflowId, built } = await build(root);
    assert.deepEqual(built, ['@c/mid']);
    const mid = report.packages.find((pkg) => pkg.name === '@c/mid')!;
    assert.equal(mid.status, 'failed');
    assert.ok(!mid.error!.includes('\x1b'), 'the failure shows plain text');
    assert.match(mid.error!, /error: @c\/mid does not compile/);
    assert.equal(mid.logPath, packageLogPath(root, workflowId, '@c/mid'));
    assert.ok(readFileSync(mid.logPath!, 'utf8').includes('\x1b[31merror: @c/mid does not compile\x1b[39m'), 'the log keeps the colours');
    assert.deepEqual(cacheEntries(root), entries);
    assert.equal(readFileSync(join(root, '.baton', 'cache', 'packages', '@c__mid.json'), 'utf8'), state);

    writeFileSync(join(root, 'packages', 'mid', 'src', 'index.js'), "export const name = 'mid';\n");
    assert.deepEqual((await build(root)).built, [], 'back to the inputs of the entry saved before');
  });

  it('takes the files as git sees them in a git work tree: tracked, modified and untracked, not ignored ones', async () => {
    const root = writeWorkspace(inside);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root });
    writeFileSync(join(root, '.gitignore'), 'dist/\n*.tmp\nbuilds.txt\n.baton/\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'fixture');
    await build(root);
    assert.deepEqual((await build(root)).built, []);

    writeFileSync(join(root, 'packages', 'other', 'notes.tmp'), 'ignored');
    assert.deepEqual((await build(root)).built, [], 'an ignored file is no input');
    writeFileSync(join(root, 'packages', 'other', 'notes.md'), 'untracked');
    assert.deepEqual((await build(root)).built, ['@c/other']);
    writeFileSync(join(root, 'packages', 'base', 'src', 'index.js'), "export const name = 'base, modified';\n");
    assert.deepEqual((await build(root)).built, ['@c/base', '@c/mid', '@c/top']);
    git('commit', '-qam', 'base changed');
    assert.deepEqual((await build(root)).built, [], 'committed as it was built');
  });
});

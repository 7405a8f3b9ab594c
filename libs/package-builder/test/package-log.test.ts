import { afterAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runPackageScript } from '../src/build/package-script.runner';
import { safeFileName } from '../src/logs/file-name';
import { NotAFolderError } from '../src/logs/not-a-folder.error';
import { packageLogPath, runLogFolder } from '../src/logs/package-log.paths';
import { openPackageLog } from '../src/logs/package-log.writer';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'baton-package-log-')));
  tempDirs.push(dir);
  return dir;
}

const HOSTILE = ['..', '.', '', '../../etc/passwd', '/etc/passwd', 'a/../../b', '.hidden', 'a\0b', 'x'.repeat(500), 'é/ü', 'a\\b'];

describe('log file names', () => {
  it.each<[string, string]>([
    ['@scope/a', '@scope__a'],
    ['plain-name', 'plain-name'],
    ['PackageBuilder-3f2a', 'PackageBuilder-3f2a'],
    ['name.with.dots_and+plus', 'name.with.dots_and+plus'],
  ])('keeps %p readable as %p', (id, name) => {
    assert.equal(safeFileName(id), name);
  });

  it.each(HOSTILE.map((id) => [id]))('makes %p a plain, visible file name', (id) => {
    const name = safeFileName(id);
    assert.match(name, /^[A-Za-z0-9@_+-][A-Za-z0-9@._+-]*$/);
    assert.ok(name.length <= 120, name);
  });

  it('never gives two ids the same name', () => {
    const ids = [...HOSTILE, '@scope/a', '@scope__a', 'a/b', 'a__b', '.__x', '___x', 'x'.repeat(501)];
    assert.equal(new Set(ids.map(safeFileName)).size, ids.length);
  });

  it('keeps every package log inside its run folder, and every run folder inside .baton/runs', () => {
    const root = '/ws';
    for (const workflowId of [...HOSTILE, 'PackageBuilder-1']) {
      const folder = runLogFolder(root, workflowId);
      assert.equal(dirname(folder), '/ws/.baton/runs');
      for (const name of [...HOSTILE, '@acme/x']) {
        const path = packageLogPath(root, workflowId, name);
        assert.equal(dirname(path), folder);
        assert.ok(basename(path).endsWith('.log') && !basename(path).startsWith('.'), path);
      }
    }
  });
});

describe('a package log', () => {
  it('is written in .baton/runs/<workflow id>/ as the output arrives, and closed once', async () => {
    const root = tempDir();
    const log = await openPackageLog(root, 'PackageBuilder-1', '@acme/x');
    assert.equal(log.path, join(root, '.baton', 'runs', 'PackageBuilder-1', '@acme__x.log'));
    log.write('first\n');
    // Streamed: on disk while the "script" still runs, not only when the log is closed.
    for (let waited = 0; readFileSync(log.path, 'utf8') !== 'first\n' && waited < 100; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(readFileSync(log.path, 'utf8'), 'first\n');
    log.write('second\n');
    await Promise.all([log.close(), log.close()]);
    log.write('after close\n');
    assert.equal(readFileSync(log.path, 'utf8'), 'first\nsecond\n');
  });

  it('refuses a .baton link that leads out of the workspace, writing nothing there', async () => {
    const root = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(root, '.baton'));
    await assert.rejects(openPackageLog(root, 'run', 'a'), (error: unknown) => {
      assert.ok(error instanceof NotAFolderError);
      assert.match(error.message, /\.baton is a link or a file, not a folder, .* Remove it; PackageBuilder creates the folder/);
      return true;
    });
    assert.equal(readdirSync(elsewhere).length, 0);
  });

  it('refuses a link planted inside .baton once its folders exist, writing nothing there', async () => {
    const root = tempDir();
    await (await openPackageLog(root, 'run', 'a')).close();
    const elsewhere = tempDir();
    mkdirSync(join(elsewhere, 'run'));
    rmSync(join(root, '.baton', 'runs'), { recursive: true });
    symlinkSync(elsewhere, join(root, '.baton', 'runs'));
    await assert.rejects(openPackageLog(root, 'run', 'b'), NotAFolderError);
    assert.equal(readdirSync(join(elsewhere, 'run')).length, 0);
  });

  it('never writes through a link planted at the log’s own path', async () => {
    const root = tempDir();
    const target = join(tempDir(), 'target');
    writeFileSync(target, 'untouched');
    mkdirSync(join(root, '.baton', 'runs', 'run'), { recursive: true });
    symlinkSync(target, join(root, '.baton', 'runs', 'run', 'a.log'));
    await assert.rejects(openPackageLog(root, 'run', 'a'), /ELOOP/);
    assert.equal(readFileSync(target, 'utf8'), 'untouched');
  });
});

describe('script output', () => {
  it('reaches the log raw (colours, banners, both streams) and the tail and its lines as plain text', async () => {
    const dir = tempDir();
    const script =
      "node -e \"process.stdout.write('\\x1b[31mred\\x1b[39m \\x1b]8;;https://x\\x07link\\x1b]8;;\\x07\\n'); " +
      "process.stderr.write('\\x1b[1mbold error\\x1b[22m\\n')\"";
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0', scripts: { build: script } }));
    let raw = '';
    const lines: string[] = [];
    const run = await runPackageScript(
      { packageName: 'fixture', packageDir: dir, workspaceRoot: dir, script: 'build', packageManager: 'npm', timeoutMs: 60_000 },
      { onOutput: (text) => (raw += text), onOutputLine: (line) => lines.push(line) },
    );
    assert.equal(run.exitCode, 0);
    assert.ok(raw.startsWith('> fixture@1.0.0 build\n'), raw);
    assert.ok(raw.includes('\x1b[31mred\x1b[39m'), 'the log keeps the colours');
    assert.ok(raw.includes('\x1b[1mbold error\x1b[22m\n'), 'and stderr');
    assert.ok(!run.outputTail.includes('\x1b'), JSON.stringify(run.outputTail));
    assert.match(run.outputTail, /^red link$/m);
    assert.match(run.outputTail, /^bold error$/m);
    assert.ok(lines.includes('red link') && lines.includes('bold error'), JSON.stringify(lines));
    assert.ok(!existsSync(join(dir, '.baton')), 'the runner itself writes no log: its caller does');
  });
});

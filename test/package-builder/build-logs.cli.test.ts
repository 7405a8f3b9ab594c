import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { BuildReport } from '@baton/package-builder';
import type { BuildEvent } from '../../apps/cli/src/progress/build-events';
import { BuildTracker } from '../../apps/cli/src/progress/build-tracker';
import { TtyView } from '../../apps/cli/src/progress/tty.view';
import { writeCacheWorkspace } from '../support/cache-workspace';
import { cliEnvironment, runCli, type CliRun } from '../cli/cli-process';

const ESC = '\x1b';

/** `baton build <args>` against the suite's servers, with a Baton folder of its own. */
const runBuild = (args: string[], batonHome: string): Promise<CliRun> => runCli(['build', ...args], cliEnvironment(batonHome));

describe('baton build: failure output at once, --stream, --force (real CLI, real Temporal)', () => {
  let parent: string;
  let batonHome: string;
  let root: string;

  beforeAll(() => {
    parent = realpathSync(mkdtempSync(join(tmpdir(), 'baton-logs-cli-')));
    batonHome = join(parent, 'home');
    root = writeCacheWorkspace(parent);
  });

  afterAll(() => {
    if (parent !== undefined) rmSync(parent, { recursive: true, force: true });
  });

  it('prints the end of a failed package’s log when it fails, before the report, as plain text', async () => {
    writeFileSync(join(root, 'packages', 'mid', 'src', 'index.js'), 'FAIL\n');
    const { code, stdout, stderr } = await runBuild([root, '--ui', 'plain', '--concurrency', '2'], batonHome);
    assert.equal(code, 1, stderr);
    assert.ok(!stdout.includes(ESC), 'no escape codes');
    const lines = stdout.split('\n');
    const report = lines.findIndex((line) => /^Package\s+Status/.test(line));
    const error = lines.indexOf('@c/mid | error: @c/mid does not compile');
    const notice = lines.findIndex((line) => line.startsWith('@c/mid | ✖ failed; its whole log: '));
    assert.ok(error > 0 && notice > error && report > notice, stdout);
    assert.ok(lines.indexOf('@c/mid | > @c/mid@1.0.0 build') > 0, 'the log from its start: it is short');
    const path = lines[notice].slice('@c/mid | ✖ failed; its whole log: '.length);
    assert.ok(path.startsWith(join(root, '.baton', 'runs')) && path.endsWith('@c__mid.log') && existsSync(path), path);
    assert.ok(!stdout.includes('@c/base |'), 'without --stream, only the failure’s output');
  });

  it('--stream: every package’s lines prefixed with its name as they come, hits included', async () => {
    writeFileSync(join(root, 'packages', 'mid', 'src', 'index.js'), "export const name = 'mid';\n");
    const { code, stdout, stderr } = await runBuild([root, '--ui', 'plain', '--stream', '--concurrency', '2'], batonHome);
    assert.equal(code, 0, stderr);
    assert.ok(!stdout.includes(ESC), 'no escape codes');
    const lines = stdout.split('\n');
    for (const name of ['@c/mid', '@c/top']) {
      const banner = lines.indexOf(`${name} | > ${name}@1.0.0 build`);
      assert.ok(banner > 0 && lines.indexOf(`${name} | building ${name}`) > banner, `${name}'s build, in order:\n${stdout}`);
    }
    // base and other built in the first run: restored, their log says so.
    for (const name of ['@c/base', '@c/other']) {
      assert.ok(
        lines.some((line) => line.startsWith(`${name} | Cache hit (`)),
        stdout,
      );
    }
    assert.match(stdout, /^@c\/base\s+succeeded \(cache\)/m);
    assert.match(stdout, /^From cache\s+2 of 5$/m);
  });

  it('--force with --ui json --stream: every package built, its lines as output events', async () => {
    const { code, stdout, stderr } = await runBuild([root, '--ui', 'json', '--stream', '--force'], batonHome);
    assert.equal(code, 0, stderr);
    const events = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as BuildEvent);
    const { report } = events.at(-1) as { report: BuildReport };
    const built = report.packages.filter((pkg) => pkg.status === 'succeeded');
    assert.deepEqual(
      built.map((pkg) => pkg.cache),
      ['miss', 'miss', 'miss', 'miss'],
    );
    for (const pkg of built) {
      const output = events.filter((event) => event.event === 'output' && event.package === pkg.name);
      assert.ok(
        output.some((event) => event.event === 'output' && event.line === `building ${pkg.name}`),
        pkg.name,
      );
    }
  });
});

describe('a package’s output in the tty view', () => {
  it('goes above the live picture, which is drawn again under it; nothing after the report', () => {
    let text = '';
    const view = new TtyView({ write: (chunk: string) => (text += chunk) > '', columns: 80 });
    const tracker = new BuildTracker(0);
    tracker.apply({ at: 10, loop: { concurrency: 2, startedAt: 0, paused: false }, items: [{ key: 'a', status: 'running' }] });
    view.update([], tracker);
    const frame = text;
    view.packageOutput('a', ['one', 'two']);
    // Back over the frame (header, 2 lanes, legend), the lines, then the same frame again.
    assert.equal(text, `${frame}${ESC}[4F${ESC}[Ja | one\na | two\n${frame}`);
    view.abort();
    const closed = text;
    view.packageOutput('a', ['late']);
    assert.equal(text, closed);
  });
});

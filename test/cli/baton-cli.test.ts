import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Connection, WorkflowClient } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { startInfrastructure } from '@baton/dev-stack';
import { loadInfrastructureConfig } from '@baton/orchestration';
import type { BuildInput } from '@baton/package-builder';
import type { BuildEvent } from '../../apps/cli/src/progress/build-events';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { REPO_ROOT } from '../support/repository';
import { cliEnvironment, runCli, Terminal } from './cli-process';

const BATON_BIN = join(REPO_ROOT, 'node_modules', '.bin');
const NODE_DIR = dirname(process.execPath);
/** A stack trace line, as Node prints them. */
const STACK_LINE = /^\s+at /m;

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A workspace of one package `a` whose build runs `script`; `root` adds fields to the root package.json. */
function workspace(script: string, root: Record<string, unknown> = {}, files: Record<string, string> = {}): string {
  const dir = tempDir('baton-cli-workspace-');
  mkdirSync(join(dir, 'packages', 'a'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'w', private: true, workspaces: ['packages/*'], ...root }));
  writeFileSync(join(dir, 'packages', 'a', 'package.json'), JSON.stringify({ name: 'a', version: '1.0.0', scripts: { build: script } }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Command lines of the processes `where` picks: by working folder (a build's scripts) or command line (a server's data). */
function processes(where: (cwd: string, commandLine: string) => boolean): string[] {
  return readdirSync('/proc').flatMap((pid) => {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return /^\d+$/.test(pid) && where(readlinkSync(`/proc/${pid}/cwd`), commandLine) ? [commandLine] : [];
    } catch {
      return [];
    }
  });
}

const scriptsIn = (dir: string) => processes((cwd) => cwd.startsWith(dir));
const serversOn = (home: string) => processes((_cwd, commandLine) => commandLine.includes(home));

/** The environment without a Temporal server or database: a started stack would show as `<home>/temporal`. */
function withoutServers(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = cliEnvironment(home, extra);
  delete env.TEMPORAL_ADDRESS;
  delete env.DATABASE_URL;
  return env;
}

describe('baton: commands, help, version and exit codes', () => {
  it('prints its help and version with 0, and the usage with 2 for no command or an unknown one', async () => {
    const env = cliEnvironment(tempDir('baton-cli-home-'));
    const help = await runCli(['--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: baton <command> \[options\]\n[\s\S]*build <workspace-dir>.*\(alias: build-workspace\)[\s\S]*--bail/);
    assert.match(help.stdout, /Exit codes: 0 built \(or printed\), 1 .*\n.*130 interrupted \(Ctrl-C\), 143 terminated \(SIGTERM\)\./);
    const version = await runCli(['--version'], env);
    assert.deepEqual(
      [version.code, version.stdout.trim()],
      [0, (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version],
    );
    const none = await runCli([], env);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^Usage: baton <command>/);
    const unknown = await runCli(['frobnicate'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^Unknown command "frobnicate"\. Run "baton --help" for the commands\./);
    const noWorkspace = await runCli(['build'], env);
    assert.equal(noWorkspace.code, 2);
    assert.match(noWorkspace.stderr, /^Expected one workspace directory, got 0\.\nUsage: baton build <workspace-dir>/);
    const badOption = await runCli(['build', '.', '--frobnicate'], env);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /Unknown option '--frobnicate'[\s\S]*\nUsage: baton build/);
  });

  it.each([
    ['does not exist', () => join(tempDir('baton-cli-missing-'), 'nowhere'), /does not exist\. Point PackageBuilder at the root folder/],
    ['is not a workspace', () => workspace('true', { workspaces: undefined }), /no workspace packages|workspaces/i],
  ])(
    'exits 2 at once when the workspace folder %s, before any server starts (build and build-workspace alike)',
    async (_title, dir, message) => {
      const home = tempDir('baton-cli-home-');
      for (const command of ['build', 'build-workspace']) {
        const { code, stdout, stderr } = await runCli([command, dir()], withoutServers(home));
        assert.equal(code, 2, stderr);
        assert.match(stderr, message);
        assert.ok(!STACK_LINE.test(stderr), stderr);
        assert.ok(!stdout.includes('Baton infrastructure'), stdout);
        assert.ok(!existsSync(join(home, 'temporal')) && !existsSync(join(home, 'postgres')), 'no server was started');
      }
    },
  );
});

describe("baton build: the user's package manager", () => {
  it("refuses a workspace whose package manager is not on the user's PATH (not Baton's own), before any server starts", async () => {
    const home = tempDir('baton-cli-home-');
    const dir = workspace('true', { packageManager: 'pnpm@11.0.0' }, { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' });
    // Baton's pnpm is in its node_modules/.bin: it must not stand in for the user's.
    assert.ok(existsSync(join(BATON_BIN, 'pnpm')));
    const { code, stdout, stderr } = await runCli(['build', dir], withoutServers(home, { PATH: [BATON_BIN, NODE_DIR].join(delimiter) }));
    assert.equal(code, 1, stderr);
    const message = stderr.trim();
    assert.match(message, /^The workspace uses pnpm@11\.0\.0, but no "pnpm" executable is on PATH \(searched: [^)]*; /);
    assert.match(message, /; Baton's own node_modules\/\.bin folders are never used\)\. To fix it, run "corepack enable pnpm" /);
    assert.match(message, / or install it with "npm i -g pnpm@11\.0\.0", then run the build again\.$/);
    assert.equal(message.split('\n').length, 1);
    assert.ok(!stderr.includes(BATON_BIN), 'Baton’s bin folder is not searched');
    assert.ok(!stdout.includes('Baton infrastructure') && !existsSync(join(home, 'temporal')), 'no server was started');
  });

  it('refuses a package manager of another major version than the workspace pins, and names the fix', async () => {
    const home = tempDir('baton-cli-home-');
    const userBin = tempDir('baton-cli-user-bin-');
    symlinkSync(realpathSync(join(BATON_BIN, 'pnpm')), join(userBin, 'pnpm'));
    const found = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'pnpm', 'package.json'), 'utf8')) as { version: string })
      .version;
    const pinned = `${Number.parseInt(found, 10) + 1}.0.0`;
    const dir = workspace(
      'true',
      { packageManager: `pnpm@${pinned}+sha512.abc` },
      { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' },
    );
    const { code, stderr } = await runCli(['build', dir], withoutServers(home, { PATH: [userBin, NODE_DIR].join(delimiter) }));
    assert.equal(code, 1, stderr);
    assert.equal(
      stderr.trim(),
      `The workspace pins pnpm@${pinned} ("packageManager" in ${realpathSync(dir)}/package.json), but the pnpm on PATH ` +
        `(${join(userBin, 'pnpm')}) is ${found}, another major version, which may not read the workspace's lockfile and settings. ` +
        'To fix it, run "corepack enable pnpm" (Corepack then runs the version the workspace pins), ' +
        `or install it with "npm i -g pnpm@${pinned}".`,
    );
    assert.ok(!existsSync(join(home, 'temporal')), 'no server was started');
  });

  it("runs scripts without Baton's node_modules/.bin on their PATH, even when the command was started with it", async () => {
    const dir = workspace(
      `node -e "require('fs').writeFileSync('path.txt', process.env.PATH)" && (command -v pnpm || echo none) > pnpm.txt`,
    );
    const env = cliEnvironment(tempDir('baton-cli-home-'), { PATH: [BATON_BIN, process.env.PATH].join(delimiter) });
    const { code, stderr } = await runCli(['build', dir, '--ui', 'plain'], env);
    assert.equal(code, 0, stderr);
    const path = readFileSync(join(dir, 'packages', 'a', 'path.txt'), 'utf8').split(delimiter);
    const real = (entry: string) => (existsSync(entry) ? realpathSync(entry) : entry);
    assert.ok(!path.some((entry) => real(entry) === realpathSync(BATON_BIN)), path.join('\n'));
    assert.equal(path[0], join(realpathSync(dir), 'packages', 'a', 'node_modules', '.bin'), 'the package’s own bin folders come first');
    const pnpm = readFileSync(join(dir, 'packages', 'a', 'pnpm.txt'), 'utf8').trim();
    assert.ok(pnpm === 'none' || !realpathSync(pnpm).startsWith(REPO_ROOT), pnpm);
  });
});

describe('baton build: servers and start-up', () => {
  it('says in one line which server it cannot reach and how to fix it, without a stack trace, and exits 1', async () => {
    const home = tempDir('baton-cli-home-');
    const dir = workspace('true');
    const database = await runCli(['build', dir], cliEnvironment(home, { DATABASE_URL: 'postgres://baton:secret@127.0.0.1:1/baton' }));
    assert.equal(database.code, 1, database.stderr);
    assert.match(
      database.stderr.trim(),
      /^Cannot connect to PostgreSQL at DATABASE_URL="postgres:\/\/baton@127\.0\.0\.1:1\/baton" \(password hidden\): /,
    );
    assert.match(database.stderr.trim(), /; or unset DATABASE_URL to start an embedded PostgreSQL\.$/);
    assert.equal(database.stderr.trim().split('\n').length, 1);
    assert.ok(!database.stderr.includes('secret'));
    const temporal = await runCli(['build', dir], cliEnvironment(home, { TEMPORAL_ADDRESS: '127.0.0.1:1' }));
    assert.equal(temporal.code, 1, temporal.stderr);
    assert.match(
      temporal.stderr.trim(),
      /^Cannot use the Temporal server at TEMPORAL_ADDRESS="127\.0\.0\.1:1" .*; or unset TEMPORAL_ADDRESS to start an/,
    );
    assert.equal(temporal.stderr.trim().split('\n').length, 1);
  });

  it('reuses the embedded servers another process runs in its BATON_HOME, keeps them, prints its start-up', async () => {
    const home = tempDir('baton-cli-stack-');
    const cacheRoot = tempDir('baton-cli-cache-');
    const env = withoutServers(home, { XDG_CACHE_HOME: cacheRoot });
    const infrastructure = await startInfrastructure(loadInfrastructureConfig(env), { log: () => {} });
    try {
      const dir = workspace('true');
      const first = await runCli(['build', dir, '--ui', 'plain', '--verbose'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, new RegExp(`^Baton infrastructure \\(embedded, run by process ${process.pid}\\):`, 'm'));
      assert.match(first.stdout, new RegExp(`^  Temporal     ${infrastructure.temporal.address}, namespace "default"$`, 'm'));
      const phases = [...first.stdout.matchAll(/^ {2}(\S+(?: script)?) +(\d+) ms/gm)].map((match) => match[1]);
      assert.deepEqual(phases, ['load', 'checks', 'stack', 'bundle', 'boot', 'start', 'first script', 'total']);
      assert.match(first.stdout, /^ {2}stack +\d+ ms {2}reused from process \d+$/m);
      // The same workspace again: the same task queue, so the same workflow bundle, read from its cache.
      const second = await runCli(['build', dir, '--ui', 'plain', '--verbose'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^ {2}bundle +\d+ ms {2}workflow bundle read from its cache$/m);
      // Code is cached in the user's cache folder only, never in BATON_HOME (a repository's `.baton` by default).
      assert.ok(readdirSync(join(cacheRoot, 'baton', 'bundles')).length > 0, 'the bundle is in the user cache folder');
      assert.ok(!existsSync(join(home, 'bundles')), 'no bundle under BATON_HOME');
      // The servers are still ours, and running.
      const connection = await Connection.connect({ address: infrastructure.temporal.address });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
    } finally {
      await infrastructure.stop();
    }
  });
});

describe('baton build: compile cache', () => {
  const file = `${process.version}-${process.arch}.bin`;
  /** The cache folder under a user cache root given as XDG_CACHE_HOME. */
  const cacheFolder = (root: string) => join(root, 'baton', 'compile-cache');
  const withCacheRoot = (root: string) => withoutServers(tempDir('baton-cli-compile-home-'), { XDG_CACHE_HOME: root });

  it("keeps the compiled code of the modules it loads in the user's cache folder, rewrites it only when a run compiled more", async () => {
    const root = tempDir('baton-cli-compile-cache-');
    const dir = workspace('true');
    const first = await runCli(['build', dir, '--dry-run'], withCacheRoot(root));
    assert.equal(first.code, 0, first.stderr);
    assert.equal(readdirSync(cacheFolder(root)).join(', '), file);
    const written = readFileSync(join(cacheFolder(root), file));
    assert.ok(written.length > 1_000_000, `${written.length} bytes`);
    const second = await runCli(['build', dir, '--dry-run'], withCacheRoot(root));
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(readdirSync(cacheFolder(root)).join(', '), file);
    assert.ok(readFileSync(join(cacheFolder(root), file)).equals(written), 'the second run, compiled from the cache, wrote nothing');
  });

  it('never reads a cache from BATON_HOME, which a checked-out repository can carry as .baton', async () => {
    const home = tempDir('baton-cli-compile-home-');
    mkdirSync(join(home, 'compile-cache'));
    writeFileSync(join(home, 'compile-cache', file), 'planted by a repository');
    const root = tempDir('baton-cli-compile-cache-');
    const run = await runCli(['build', workspace('true'), '--dry-run'], withoutServers(home, { XDG_CACHE_HOME: root }));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      readFileSync(join(home, 'compile-cache', file), 'utf8'),
      'planted by a repository',
      'neither read as a cache nor rewritten',
    );
    assert.ok(readFileSync(join(cacheFolder(root), file)).length > 1_000_000, "the cache went to the user's cache folder");
  });

  it('runs as usual when the cache is corrupt or its folder cannot be made', async () => {
    const corrupt = tempDir('baton-cli-compile-cache-');
    mkdirSync(cacheFolder(corrupt), { recursive: true });
    writeFileSync(join(cacheFolder(corrupt), file), 'not a cache');
    const blocked = tempDir('baton-cli-compile-cache-');
    writeFileSync(join(blocked, 'baton'), 'a file where the folder would be');
    const dir = workspace('true');
    for (const root of [corrupt, blocked]) {
      const run = await runCli(['build', dir, '--dry-run'], withCacheRoot(root));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /\ba\b/);
      assert.equal(run.stderr, '');
    }
    assert.ok(readFileSync(join(cacheFolder(corrupt), file)).length > 1_000_000, 'rewritten whole');
  });
});

describe('baton build: stopping', () => {
  let fixtures: string;
  const terminal = new Terminal();

  beforeAll(() => {
    fixtures = copyPackageBuilderFixtures('baton-cli-stop-');
  });

  afterAll(async () => {
    await terminal.close();
  });

  it('Ctrl-C in a terminal: cancels the build, kills its scripts, stops the servers it started, exits 130, prints no error', async () => {
    // Its own embedded servers: PostgreSQL shares the terminal's process group, where a Ctrl-C used to stop it mid-cancel.
    const home = tempDir('baton-cli-home-');
    const env = withoutServers(home);
    await terminal.start('ctrl-c', fixtures, ['build', join(fixtures, 'monorepo'), '--concurrency', '2'], env);
    let screen = '';
    const deadline = Date.now() + 120_000;
    while (!/lane \d+ {2}@acme/.test(screen) && Date.now() < deadline) {
      screen = await terminal.screen('ctrl-c');
      await sleep(100);
    }
    assert.match(screen, /lane \d+ {2}@acme/, 'a script is running');
    await terminal.keys('ctrl-c', 'C-c');
    while (!screen.includes('__EXIT__=') && Date.now() < deadline) {
      screen = await terminal.screen('ctrl-c');
      await sleep(100);
    }
    const all = await terminal.history('ctrl-c');
    assert.match(all, /__EXIT__=130/, all);
    assert.equal([...scriptsIn(fixtures), ...serversOn(home)].join('\n'), '', 'no script or server is left running');
    assert.match(all, /Interrupted: cancelling the build \(running scripts are killed\)…/);
    assert.ok(!/Error|WARN/.test(all) && !STACK_LINE.test(all), all);
    assert.ok(!/^Package\s+Status/m.test(all), 'no report');
  });

  it('SIGTERM: the same, with 143', async () => {
    const env = cliEnvironment(tempDir('baton-cli-home-'));
    let sent = false;
    const { code, stderr } = await runCli(
      ['build', join(fixtures, 'monorepo'), '--concurrency', '2', '--ui', 'plain'],
      env,
      (stdout, cli) => {
        if (!sent && /^started /m.test(stdout)) {
          sent = true;
          cli.kill('SIGTERM');
        }
      },
    );
    assert.ok(sent);
    assert.equal(code, 143, stderr);
    assert.equal(scriptsIn(fixtures).join('\n'), '', 'no script is left running');
    assert.ok(!/Error/.test(stderr) && !STACK_LINE.test(stderr), stderr);
  });

  it('--bail goes to the workflow as bail: true', async () => {
    const env = cliEnvironment(tempDir('baton-cli-home-'));
    const { stdout, stderr } = await runCli(
      ['build', join(fixtures, 'monorepo-failing'), '--filter', '@acme/cache', '--bail', '--ui', 'json'],
      env,
    );
    const run = JSON.parse(stdout.split('\n')[0]) as Extract<BuildEvent, { event: 'run' }>;
    assert.equal(run.event, 'run', stderr);
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const history = await new WorkflowClient({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' })
        .getHandle(run.workflowId)
        .fetchHistory();
      const [payload] = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads!;
      const input = defaultPayloadConverter.fromPayload<BuildInput>(payload);
      assert.equal(input.bail, true);
      assert.deepEqual(input.filter, ['@acme/cache']);
    } finally {
      await connection.close();
    }
  });
});

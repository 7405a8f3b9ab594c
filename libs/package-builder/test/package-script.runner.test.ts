import { afterAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { compiledScript } from '../../../test/support/repository';
import { setTimeout as delay } from 'node:timers/promises';
import { MissingScriptError } from '../src/build/missing-script.error';
import { OutputTail } from '../src/build/output-tail';
import { PackageManagerNotFoundError } from '../src/build/package-manager-not-found.error';
import { prepareScriptRun, runPackageScript, runPreparedScript, RunPackageScriptOptions } from '../src/build/package-script.runner';
import type { ScriptCommand, ScriptRun } from '../src/build/script-run.types';
import { userPath } from '../src/build/user-path';
import { UnreadablePackageJsonError } from '../src/build/unreadable-package-json.error';
import { UnsafeScriptNameError } from '../src/build/unsafe-script-name.error';
import { UnsupportedPackageManagerError } from '../src/build/unsupported-package-manager.error';
import type { PackageManager } from '../src/workspace/workspace.types';
import { isProcessAlive } from '@baton/orchestration/process';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'baton-script-runner-')));
  tempDirs.push(dir);
  return dir;
}

/** A package in a fresh temp directory with the given scripts and files. */
function tempPackage(scripts: Record<string, string>, files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0', private: true, scripts }));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function commandFor(packageDir: string, script = 'build', overrides: Partial<ScriptCommand> = {}): ScriptCommand {
  return { packageName: 'fixture', packageDir, workspaceRoot: packageDir, script, packageManager: 'npm', timeoutMs: 60_000, ...overrides };
}

/** Runs the script, returning its result and every line given to onOutputLine. */
async function run(command: ScriptCommand, options: RunPackageScriptOptions = {}): Promise<{ result: ScriptRun; lines: string[] }> {
  const lines: string[] = [];
  const result = await runPackageScript(command, {
    ...options,
    onOutputLine: (line) => {
      lines.push(line);
      options.onOutputLine?.(line);
    },
  });
  return { result, lines };
}

/**
 * A directory holding a fake `npm` that only records its arguments (one a line) in the returned file,
 * and a PATH that finds it first.
 */
function fakeNpm(): { path: string; argsFile: string } {
  const bin = tempDir();
  const argsFile = join(bin, 'args');
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  return { path: `${bin}${delimiter}${process.env.PATH ?? ''}`, argsFile };
}

/** Gone, or a zombie (this VM's init may reap slowly): the library's own probe. */
const isGone = (pid: number): boolean => !isProcessAlive(pid);

async function assertAllGone(pids: readonly number[]): Promise<void> {
  for (let attempt = 0; attempt < 100 && !pids.every(isGone); attempt++) await delay(100);
  assert.deepEqual(
    pids.filter((pid) => !isGone(pid)),
    [],
    'processes still running',
  );
}

/** The numbers of a `pids <script> <grandchild>` line. */
function pidsOf(line: string): number[] {
  return line.split(' ').slice(1).map(Number);
}

/**
 * build.js for process-group tests: starts a long-running grandchild sharing its output, waits until it is ready,
 * prints `pids <own pid> <grandchild pid>`, then exits or waits forever.
 */
function grandchildBuildJs({ grandchildIgnoresSigterm = false, exitAfterStart = false } = {}): string {
  const grandchild =
    `${grandchildIgnoresSigterm ? "process.on('SIGTERM', () => {});" : ''} console.log('ready'); setInterval(() => ` + `{}, 1000);`;
  return `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.once('data', () => {
  child.stdout.unref?.();
  console.log('pids ' + process.pid + ' ' + child.pid);
  ${exitAfterStart ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
});
`;
}

describe('runPackageScript', () => {
  it('runs a successful script and reports its output lines in order', async () => {
    const dir = tempPackage(
      { build: 'node build.js' },
      { 'build.js': "console.log('step 1'); console.log('step 2'); console.log(''); console.log('done   ');" },
    );

    const { result, lines } = await run(commandFor(dir));

    assert.equal(result.exitCode, 0);
    assert.equal(result.signal, null);
    assert.equal(result.timedOut, false);
    assert.equal(result.cancelled, false);
    assert.ok(result.durationMs > 0);
    assert.deepEqual(
      lines.filter((line) => line.startsWith('step') || line.startsWith('done')),
      ['step 1', 'step 2', 'done'],
    );
    assert.ok(!lines.includes(''), 'empty lines are not reported');
    assert.match(result.outputTail, /step 1\nstep 2\n\ndone {3}\n/);
  });

  it('runs the script in the package directory, with colours off', async () => {
    const dir = tempPackage(
      { build: 'node build.js' },
      { 'build.js': "console.log('cwd=' + process.cwd()); console.log('FORCE_COLOR=' + process.env.FORCE_COLOR);" },
    );

    const { lines } = await run(commandFor(dir), { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: undefined } });

    assert.ok(lines.includes(`cwd=${dir}`));
    assert.ok(lines.includes('FORCE_COLOR=0'));
  });

  it('gives the script the variables a build needs and none of Baton’s connection strings, keys or TLS paths', async () => {
    const dir = tempPackage(
      { build: 'node build.js' },
      { 'build.js': "require('fs').writeFileSync('env.json', JSON.stringify(process.env));" },
    );
    const secrets = {
      DATABASE_URL: 'postgres://baton:secret@127.0.0.1:5432/baton',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_API_KEY: 'temporal-key',
      TEMPORAL_TLS_KEY: '/etc/baton/client.key',
      TEMPORAL_TLS_CERT: '/etc/baton/client.pem',
      BATON_API_KEY: 'api-key',
      BATON_HOME: '/var/lib/baton',
      PGPASSWORD: 'secret',
      AWS_SECRET_ACCESS_KEY: 'aws',
      npm_config__authToken: 'registry-token',
      'npm_config_//registry.example/:_authToken': 'registry-token',
    };
    const passed = {
      HOME: process.env.HOME ?? '/root',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      CI: 'true',
      npm_config_registry: 'http://registry.example/',
      HTTPS_PROXY: 'http://proxy:3128',
    };

    await run(commandFor(dir), {
      env: {
        PATH: process.env.PATH,
        ...secrets,
        ...passed,
        MY_BUILD_FLAG: 'on',
        MY_BUILD_MODE: 'fast',
        OTHER: 'x',
        BATON_SCRIPT_ENV: 'OTHER, MY_BUILD_*',
      },
    });

    const seen = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(
      Object.keys(secrets).filter((name) => name in seen),
      [],
      'no secret reached the script',
    );
    assert.ok(
      !Object.values(seen).some((value) => Object.values(secrets).includes(value)),
      'no secret value reached the script under another name',
    );
    for (const [name, value] of Object.entries(passed)) assert.equal(seen[name], value, `${name} is passed`);
    assert.equal(
      seen.PATH?.endsWith(userPath(process.env.PATH) ?? ''),
      true,
      "PATH is passed, without Baton's own node_modules/.bin (the package manager may put its own folders first)",
    );
    assert.deepEqual(
      [seen.MY_BUILD_FLAG, seen.MY_BUILD_MODE, seen.OTHER],
      ['on', 'fast', 'x'],
      'BATON_SCRIPT_ENV lets named variables and prefixes in',
    );
    assert.equal(seen.npm_lifecycle_event, 'build', 'the package manager adds its own npm_* variables');
  });

  it('reports a failing script with its exit code and its stderr in the tail', async () => {
    const dir = tempPackage(
      { build: 'node build.js' },
      { 'build.js': "console.log('compiling'); console.error('error TS2322: boom'); process.exitCode = 1;" },
    );

    const { result, lines } = await run(commandFor(dir));

    assert.equal(result.exitCode, 1);
    assert.equal(result.timedOut, false);
    assert.equal(result.cancelled, false);
    assert.match(result.outputTail, /compiling\n/);
    assert.match(result.outputTail, /error TS2322: boom\n/);
    assert.ok(lines.includes('error TS2322: boom'));
  });

  it('keeps only the last 64 KB of a large output, starting on a line and ending with the last line', async () => {
    const dir = tempPackage(
      { build: 'node build.js' },
      {
        'build.js': `
const lines = [];
for (let i = 0; i < 10000; i++) lines.push('line ' + i + ' ' + 'x'.repeat(95));
process.stdout.write(lines.join('\\n') + '\\n');
console.log('last line');
`,
      },
    );

    const { result, lines } = await run(commandFor(dir));

    assert.equal(result.exitCode, 0);
    const tailBytes = Buffer.byteLength(result.outputTail);
    assert.ok(tailBytes <= 64 * 1024, `tail is ${tailBytes} bytes`);
    assert.ok(tailBytes > 60 * 1024, `tail is only ${tailBytes} bytes`);
    assert.ok(result.outputTail.endsWith('line 9999 ' + 'x'.repeat(95) + '\nlast line\n'));
    assert.match(result.outputTail, /^line \d+ x{95}\n/);
    assert.equal(lines.filter((line) => line.startsWith('line ')).length, 10_000);
    assert.equal(lines.at(-1), 'last line');
  });

  it('rejects a script missing from package.json without starting anything', async () => {
    const dir = tempPackage({ test: 'node test.js' });
    const npm = fakeNpm();

    await assert.rejects(run(commandFor(dir, 'build'), { env: { ...process.env, PATH: npm.path } }), (error: Error) => {
      assert.ok(error instanceof MissingScriptError);
      assert.match(
        error.message,
        /Package "fixture" has no script "build" in .*package\.json\. Its scripts: "test"\. .*add "build" to its "scripts"/,
      );
      return true;
    });
    assert.equal(existsSync(npm.argsFile), false, 'the package manager was started');
  });

  it('runs the script from the package.json its caller read for the run, and still requires it declared there', async () => {
    const dir = tempPackage({ build: 'echo from-disk' });
    const read = { name: 'fixture', version: '1.0.0', scripts: { build: 'echo from-the-read' } };

    const lines: string[] = [];
    const prepared = await prepareScriptRun(commandFor(dir), { manifest: read });
    const result = await runPreparedScript(prepared, { onOutputLine: (line) => lines.push(line) });
    assert.equal(result.exitCode, 0);
    assert.ok(lines.includes('from-the-read'));
    assert.ok(!lines.includes('from-disk'));
    await assert.rejects(prepareScriptRun(commandFor(dir), { manifest: { scripts: { test: 'echo test' } } }), MissingScriptError);
  });

  it('does not find scripts on Object.prototype', async () => {
    const dir = tempPackage({});

    await assert.rejects(run(commandFor(dir, 'constructor')), MissingScriptError);
  });

  it('treats a script name with shell syntax as a name: missing if undeclared, never executed as a command', async () => {
    const dir = tempPackage({ build: 'node build.js' }, { 'build.js': "console.log('built');" });
    const npm = fakeNpm();

    await assert.rejects(run(commandFor(dir, 'build; touch injected'), { env: { ...process.env, PATH: npm.path } }), MissingScriptError);
    assert.equal(existsSync(npm.argsFile), false);
    assert.equal(existsSync(join(dir, 'injected')), false);

    const declared = tempPackage({ 'build; touch injected': 'node build.js' }, { 'build.js': "console.log('built');" });
    const { result, lines } = await run(commandFor(declared, 'build; touch injected'));
    assert.equal(result.exitCode, 0);
    assert.ok(lines.includes('built'));
    assert.equal(existsSync(join(declared, 'injected')), false);
  });

  it('runs the script through the shell, without starting npm, and sets npm_execpath to the npm found on PATH', async () => {
    const dir = tempPackage({ 'build:prod': 'echo "$npm_lifecycle_event via $npm_execpath"' });
    const npm = fakeNpm();

    const { result, lines } = await run(commandFor(dir, 'build:prod'), { env: { ...process.env, PATH: npm.path } });

    assert.equal(result.exitCode, 0);
    assert.equal(existsSync(npm.argsFile), false, 'npm was started');
    assert.ok(lines.includes(`build:prod via ${join(dirname(npm.argsFile), 'npm')}`), lines.join('\n'));
    assert.deepEqual(lines.slice(0, 2), ['> fixture@1.0.0 build:prod', '> echo "$npm_lifecycle_event via $npm_execpath"']);
  });

  it('refuses a declared script whose name the package manager would read as an option', async () => {
    const dir = tempPackage({ '--version': 'node build.js' });
    const npm = fakeNpm();

    await assert.rejects(run(commandFor(dir, '--version'), { env: { ...process.env, PATH: npm.path } }), (error: Error) => {
      assert.ok(error instanceof UnsafeScriptNameError);
      assert.match(error.message, /does not start with "-"/);
      return true;
    });
    assert.equal(existsSync(npm.argsFile), false);
  });

  for (const [title, prepare] of [
    ['has no package.json', () => tempDir()],
    ['has an invalid package.json', () => tempPackageWithManifest('{ "scripts": ')],
  ] as const) {
    it(`rejects a package that ${title}`, async () => {
      await assert.rejects(run(commandFor(prepare())), (error: Error) => {
        assert.ok(error instanceof UnreadablePackageJsonError);
        assert.match(error.message, /Cannot read the package\.json of package "fixture" at .*package\.json: .*Check that/);
        return true;
      });
    });
  }

  for (const [packageManager, hint] of [
    ['pnpm', /corepack enable pnpm.*npm i -g pnpm"/],
    ['yarn', /corepack enable yarn.*npm i -g yarn"/],
  ] as const) {
    it(`explains how to install ${packageManager} when it is not on PATH`, async () => {
      const dir = tempPackage({ build: 'node build.js' });
      const emptyBin = tempDir();

      await assert.rejects(
        run(commandFor(dir, 'build', { packageManager: packageManager as PackageManager }), { env: { PATH: emptyBin } }),
        (error: Error) => {
          assert.ok(error instanceof PackageManagerNotFoundError);
          assert.match(error.message, new RegExp(`no "${packageManager}" executable is on PATH \\(searched: ${emptyBin}; `));
          assert.match(error.message, hint);
          return true;
        },
      );
    });
  }

  it('finds a package manager installed after a lookup found none, and looks up each PATH once', async () => {
    const dir = tempPackage({ build: 'node -e "console.log(process.env.npm_execpath)"' });
    const bin = tempDir();
    const pnpm = join(bin, 'pnpm');
    const env = { PATH: `${bin}${delimiter}${dirname(process.execPath)}` };
    const command = commandFor(dir, 'build', { packageManager: 'pnpm' as PackageManager });

    await assert.rejects(run(command, { env }), (error: Error) => error instanceof PackageManagerNotFoundError);
    writeFileSync(pnpm, '#!/bin/sh\nexit 1\n');
    chmodSync(pnpm, 0o755);
    const installed = await run(command, { env });
    assert.deepEqual([installed.result.exitCode, installed.lines.at(-1)], [0, pnpm]);
    // Found once for this PATH: the next script does not walk PATH again (pnpm's scripts run through the shell).
    rmSync(pnpm);
    const again = await run(command, { env });
    assert.deepEqual([again.result.exitCode, again.lines.at(-1)], [0, pnpm]);
  });

  it('runs only npm, pnpm or yarn, found by name on PATH: a path or another program is refused before anything runs', async () => {
    const dir = tempPackage({ build: "node -e \"require('fs').writeFileSync('ran', '')\"" });
    for (const packageManager of ['../../../../../../bin/echo', '/bin/sh', 'sh', 'npm ', '']) {
      await assert.rejects(run(commandFor(dir, 'build', { packageManager: packageManager as PackageManager })), (error: Error) => {
        assert.ok(error instanceof UnsupportedPackageManagerError);
        assert.match(error.message, /but PackageBuilder runs scripts only with npm, pnpm, yarn\. Start a PackageBuilder run/);
        return true;
      });
    }
    assert.ok(!existsSync(join(dir, 'ran')));
  });

  it('rejects a timeout that is not a positive whole number of milliseconds', async () => {
    const dir = tempPackage({ build: 'node build.js' });
    for (const timeoutMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      await assert.rejects(run(commandFor(dir, 'build', { timeoutMs })), RangeError);
    }
  });

  it('does not start a script whose signal is already aborted', async () => {
    const dir = tempPackage({ build: 'node build.js' });
    const npm = fakeNpm();

    const { result } = await run(commandFor(dir), { env: { ...process.env, PATH: npm.path }, signal: AbortSignal.abort() });

    assert.equal(result.cancelled, true);
    assert.equal(result.exitCode, null);
    assert.equal(existsSync(npm.argsFile), false);
  });

  /** Runs the build and aborts it as soon as it printed the PIDs of the script and its grandchild. */
  async function runUntilPids(dir: string): Promise<{ result: ScriptRun; pids: number[] }> {
    const controller = new AbortController();
    let pids: number[] = [];
    const { result } = await run(commandFor(dir), {
      signal: controller.signal,
      onOutputLine: (line) => {
        if (!line.startsWith('pids ')) return;
        pids = pidsOf(line);
        controller.abort();
      },
    });
    return { result, pids };
  }

  it('kills the script and its grandchild when the signal aborts', async () => {
    const dir = tempPackage({ build: 'node build.js' }, { 'build.js': grandchildBuildJs() });
    const { result, pids } = await runUntilPids(dir);

    assert.equal(result.cancelled, true);
    assert.equal(result.timedOut, false);
    assert.equal(pids.length, 2);
    await assertAllGone(pids);
  });

  it('kills a grandchild that ignores SIGTERM once the grace is over', async () => {
    const dir = tempPackage({ build: 'node build.js' }, { 'build.js': grandchildBuildJs({ grandchildIgnoresSigterm: true }) });
    const { result, pids } = await runUntilPids(dir);

    assert.equal(result.cancelled, true);
    assert.equal(pids.length, 2);
    await assertAllGone(pids);
  });

  it('kills the whole process group on timeout and reports it', async () => {
    const dir = tempPackage({ build: 'node build.js' }, { 'build.js': grandchildBuildJs() });
    let pids: number[] = [];

    // Long enough for npm to start the script and print its pids, so the test can check they are gone.
    const { result } = await run(commandFor(dir, 'build', { timeoutMs: 3_000 }), {
      onOutputLine: (line) => {
        if (line.startsWith('pids ')) pids = pidsOf(line);
      },
    });

    assert.equal(result.timedOut, true);
    assert.equal(result.cancelled, false);
    assert.notEqual(result.exitCode, 0);
    assert.equal(pids.length, 2);
    await assertAllGone(pids);
  });

  it('ends processes a finished script left behind, and still reports its own exit code', async () => {
    const dir = tempPackage({ build: 'node build.js' }, { 'build.js': grandchildBuildJs({ exitAfterStart: true }) });
    let pids: number[] = [];

    const { result } = await run(commandFor(dir), {
      onOutputLine: (line) => {
        if (line.startsWith('pids ')) pids = pidsOf(line);
      },
    });

    assert.equal(result.exitCode, 0);
    assert.equal(result.timedOut, false);
    assert.equal(result.cancelled, false);
    assert.equal(pids.length, 2);
    await assertAllGone(pids);
  });

  it('kills running scripts when the worker process exits', async () => {
    const dir = tempPackage({ build: 'node build.js' }, { 'build.js': grandchildBuildJs() });
    const runnerModule = compiledScript('libs/package-builder/src/build/package-script.runner.ts');
    const worker = `
const { runPackageScript } = require(${JSON.stringify(runnerModule)});
runPackageScript(${JSON.stringify(commandFor(dir))}, {
  onOutputLine: (line) => {
    if (!line.startsWith('pids ')) return;
    console.log(line);
    process.exit(0);
  },
});
`;
    const child = spawn(process.execPath, ['-e', worker], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));

    assert.equal(exitCode, 0);
    const pids = pidsOf(stdout.trim());
    assert.equal(pids.length, 2);
    await assertAllGone(pids);
  });
});

function tempPackageWithManifest(manifest: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'package.json'), manifest);
  return dir;
}

describe('OutputTail', () => {
  it('interleaves streams by whole lines and reports each non-empty line trimmed', () => {
    const lines: string[] = [];
    const tail = new OutputTail((line) => lines.push(line));
    const stdout = tail.source();
    const stderr = tail.source();

    stdout.write('compil');
    stderr.write('warning: slow  \n\n');
    stdout.write('ing\r\ndone');
    stdout.end();
    stderr.end();

    assert.deepEqual(lines, ['warning: slow', 'compiling', 'done']);
    assert.equal(tail.toString(), 'warning: slow  \n\ncompiling\r\ndone');
  });

  it('drops whole old lines to stay within the limit', () => {
    const tail = new OutputTail(undefined, 9);
    const source = tail.source();

    source.write('aaaa\nbbbb\ncccc\n');

    assert.equal(tail.toString(), 'cccc\n');
  });

  it('keeps the end of a line longer than the limit without splitting a character', () => {
    const tail = new OutputTail(undefined, 8);
    const source = tail.source();

    source.write('start é'.repeat(3) + 'end€\n');

    assert.equal(tail.toString(), 'end€\n');
    source.write('x'.repeat(100) + '😀'.repeat(4) + 'a');
    source.end();
    assert.equal(tail.toString(), '😀a');
  });
});

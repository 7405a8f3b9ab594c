import { afterAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { PackageOutsideWorkspaceError } from '../src/build/package-outside-workspace.error';
import { runPackageScript } from '../src/build/package-script.runner';
import { scriptEnvironment } from '../src/build/script-environment';
import type { ScriptCommand } from '../src/build/script-run.types';
import type { PackageManager } from '../src/workspace/workspace.types';
import { REPO_ROOT } from '../../../test/support/repository';

const execFileAsync = promisify(execFile);

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'baton-script-parity-')));
  tempDirs.push(dir);
  return dir;
}

/** Appends the step's name and its whole environment, one JSON line per step, to seen.jsonl in the package folder. */
const DUMP_JS =
  "require('fs').appendFileSync('seen.jsonl', " + "JSON.stringify({ event: process.env.npm_lifecycle_event, env: process.env }) + '\\n');";

interface Fixture {
  root: string;
  packageDir: string;
}

/** An npm workspace whose package `@fixture/app` (in packages/app, or `fields` instead) has the given scripts and dump.js. */
function workspace(
  scripts: Record<string, string>,
  rootFiles: Record<string, string> = {},
  fields: Record<string, string> = { name: '@fixture/app', version: '2.3.4' },
): Fixture {
  const root = join(tempDir(), 'workspace');
  const packageDir = join(root, 'packages', 'app');
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture-root', private: true, workspaces: ['packages/*'] }));
  for (const [name, content] of Object.entries(rootFiles)) writeFileSync(join(root, name), content);
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ ...fields, scripts }));
  writeFileSync(join(packageDir, 'dump.js'), DUMP_JS);
  return { root, packageDir };
}

const DUMPING_HOOKS = { prebuild: 'node dump.js', build: 'node dump.js', postbuild: 'node dump.js', other: 'node dump.js' };

function seen(packageDir: string): { event: string; env: Record<string, string> }[] {
  const text = readFileSync(join(packageDir, 'seen.jsonl'), 'utf8');
  rmSync(join(packageDir, 'seen.jsonl'));
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; env: Record<string, string> });
}

function command({ root, packageDir }: Fixture, overrides: Partial<ScriptCommand> = {}): ScriptCommand {
  return {
    packageName: '@fixture/app',
    packageDir,
    workspaceRoot: root,
    script: 'build',
    packageManager: 'npm',
    timeoutMs: 60_000,
    ...overrides,
  };
}

/**
 * Keys `npm run` sets that Baton's runner knowingly does not, each with the reason. Everything else must be equal, key
 * by key, in every step.
 */
const OMITTED: Record<string, string> = {
  npm_config_cache: "npm's own settings (as are the next seven): a nested npm reads its configuration itself",
  npm_config_prefix: "npm's own setting",
  npm_config_global_prefix: "npm's own setting",
  npm_config_init_module: "npm's own setting (npm init)",
  npm_config_noproxy: "npm's own setting (proxies reach scripts through NO_PROXY / HTTP(S)_PROXY)",
  npm_config_allow_scripts: "npm's own setting",
  npm_config_npm_version: "npm's own setting; npm_config_user_agent carries npm's version",
  EDITOR: "npm's editor setting (npm edit, npm config edit): no build runs an editor",
};

/** Keys `pnpm run` (pnpm 10) sets that Baton's runner knowingly does not, each with the reason. */
const OMITTED_UNDER_PNPM: Record<string, string> = {
  npm_config_registry: "pnpm's own settings (as are the next twelve, from its defaults and npmrc files): a nested pnpm reads them itself",
  npm_config__jsr_registry: "pnpm's own setting",
  npm_config_audit: "pnpm's own setting",
  npm_config_cafile: "pnpm's own setting (scripts get CA certificates through NODE_EXTRA_CA_CERTS / SSL_CERT_FILE)",
  npm_config_frozen_lockfile: "pnpm's own setting",
  npm_config_fund: "pnpm's own setting",
  npm_config_globalconfig: "pnpm's own setting",
  npm_config_npm_globalconfig: "pnpm's own setting",
  npm_config_nodedir: "pnpm's own setting",
  npm_config_omit_lockfile_registry_resolved: "pnpm's own setting",
  npm_config_verify_deps_before_run: "pnpm's own setting (the run does not install)",
  pnpm_config_verify_deps_before_run: "pnpm's own setting",
  npm_config_yes: "pnpm's own setting",
};

/**
 * The worker's PATH without the folders an outer npm (npx jest) put there, so that PATH comparisons read clearly, with
 * `extra` in front.
 */
function workerPath(...extra: string[]): string {
  const inherited = (process.env.PATH ?? '').split(delimiter).filter((entry) => !entry.includes('node_modules'));
  return [...extra, ...inherited].join(delimiter);
}

/** Every key of either side, sorted, without PATH and the listed keys (which Baton must not set). */
function comparedKeys(
  event: string,
  npmEnv: Record<string, string>,
  batonEnv: Record<string, string>,
  omitted: Record<string, string>,
): string[] {
  for (const key of Object.keys(omitted)) assert.equal(batonEnv[key], undefined, `${event}: ${key} is listed as omitted`);
  return [...new Set([...Object.keys(npmEnv), ...Object.keys(batonEnv)])].filter((key) => key !== 'PATH' && !(key in omitted)).sort();
}

describe('runPackageScript against npm run', () => {
  it('gives every step the environment and hook order `npm run` gives, key by key, but for the listed omissions', async () => {
    const fixture = workspace(DUMPING_HOOKS);
    const config = tempDir();
    writeFileSync(join(config, 'user-npmrc'), '');
    writeFileSync(join(config, 'global-npmrc'), '');
    // The machine's npm configuration would add its own npm_config_* keys to npm's side: empty files keep both sides equal.
    const workerEnv: NodeJS.ProcessEnv = {
      PATH: workerPath(),
      HOME: process.env.HOME,
      LANG: 'C.UTF-8',
      npm_config_userconfig: join(config, 'user-npmrc'),
      npm_config_globalconfig: join(config, 'global-npmrc'),
      SECRET_OF_THE_WORKER: 'kept out',
    };

    await execFileAsync('npm', ['run', 'build'], { cwd: fixture.packageDir, env: scriptEnvironment(workerEnv) });
    const underNpm = seen(fixture.packageDir);
    const run = await runPackageScript(command(fixture), { env: workerEnv });
    const underBaton = seen(fixture.packageDir);

    assert.equal(run.exitCode, 0, run.outputTail);
    assert.deepEqual(
      underBaton.map(({ event }) => event),
      underNpm.map(({ event }) => event),
    );
    assert.deepEqual(
      underNpm.map(({ event }) => event),
      ['prebuild', 'build', 'postbuild'],
    );
    for (const [index, { event, env: npmEnv }] of underNpm.entries()) {
      const batonEnv = underBaton[index].env;
      for (const key of comparedKeys(event, npmEnv, batonEnv, OMITTED)) {
        assert.equal(batonEnv[key], npmEnv[key], `${event}: ${key} differs from npm run's`);
      }
      // npm walks up to the file system's root; Baton stops at the workspace root, so no folder outside the workspace
      // (and the allowed roots) supplies a program. Otherwise the same entries in the same order.
      const aboveWorkspace = (entry: string): boolean =>
        entry.endsWith(`${sep}node_modules${sep}.bin`) && relative(fixture.root, dirname(dirname(entry))).startsWith('..');
      assert.deepEqual(
        batonEnv.PATH.split(delimiter),
        npmEnv.PATH.split(delimiter).filter((entry) => !aboveWorkspace(entry)),
        event,
      );
      assert.ok(npmEnv.PATH.split(delimiter).some(aboveWorkspace), 'the fixture checks the PATH difference');
      assert.equal(batonEnv.SECRET_OF_THE_WORKER, undefined);
    }
  });

  it.each([
    ['without a name', { version: '2.3.4' }],
    ['without a version', { name: '@fixture/app' }],
  ])('gives a package %s the npm_package_* variables and the banner `npm run` gives', async (_title, fields) => {
    const fixture = workspace({ build: 'node dump.js' }, {}, fields);
    const workerEnv: NodeJS.ProcessEnv = { PATH: workerPath(), HOME: process.env.HOME, LANG: 'C.UTF-8' };

    const npm = await execFileAsync('npm', ['run', 'build'], { cwd: fixture.packageDir, env: scriptEnvironment(workerEnv) });
    const [underNpm] = seen(fixture.packageDir);
    let output = '';
    // The plan id of a package without a name is its folder: never its npm_package_name.
    const run = await runPackageScript(command(fixture, { packageName: './packages/app' }), {
      env: workerEnv,
      onOutput: (text) => (output += text),
    });
    const [underBaton] = seen(fixture.packageDir);

    assert.equal(run.exitCode, 0, run.outputTail);
    for (const key of ['npm_package_name', 'npm_package_version', 'npm_package_json']) {
      assert.equal(underBaton.env[key], underNpm.env[key], key);
    }
    assert.deepEqual(output.split('\n').slice(0, 2), npm.stdout.trim().split('\n').slice(0, 2));
  });

  it('stops at a failing pre hook, and runs no post hook after a failing script, with the exit code and output', async () => {
    const failingPre = workspace({ ...DUMPING_HOOKS, prebuild: 'node dump.js && echo "pre failed" && exit 3' });
    const preRun = await runPackageScript(command(failingPre));
    assert.equal(preRun.exitCode, 3);
    assert.match(preRun.outputTail, /> @fixture\/app@2\.3\.4 prebuild\n.*\npre failed\n$/);
    assert.deepEqual(
      seen(failingPre.packageDir).map(({ event }) => event),
      ['prebuild'],
    );

    const failingBuild = workspace({ ...DUMPING_HOOKS, build: 'node dump.js; exit 5' });
    const buildRun = await runPackageScript(command(failingBuild));
    assert.equal(buildRun.exitCode, 5);
    assert.deepEqual(
      seen(failingBuild.packageDir).map(({ event }) => event),
      ['prebuild', 'build'],
    );
  });

  it('holds all the steps to one timeout, and kills the step running when it expires', async () => {
    const fixture = workspace({ prebuild: 'sleep 1', build: 'node dump.js && sleep 30', postbuild: 'node dump.js' });
    const started = performance.now();

    const run = await runPackageScript(command(fixture, { timeoutMs: 2_500 }));

    assert.equal(run.timedOut, true);
    assert.ok(performance.now() - started < 10_000, 'the build step was killed');
    assert.deepEqual(
      seen(fixture.packageDir).map(({ event }) => event),
      ['build'],
    );
  });

  it('runs no hooks when npm is told to ignore scripts', async () => {
    const fixture = workspace(DUMPING_HOOKS);
    await runPackageScript(command(fixture), { env: { ...process.env, npm_config_ignore_scripts: 'true' } });
    assert.deepEqual(
      seen(fixture.packageDir).map(({ event }) => event),
      ['build'],
    );
  });

  it.each([
    ['by default (pnpm 8 and later)', {}, ['prebuild', 'build', 'postbuild']],
    [
      'unless pnpm-workspace.yaml turns them off',
      { 'pnpm-workspace.yaml': 'packages: [packages/*]\nenablePrePostScripts: false\n' },
      ['build'],
    ],
    ['unless .npmrc turns them off', { '.npmrc': 'enable-pre-post-scripts = false\n' }, ['build']],
  ])('runs pnpm hooks %s', async (_title, rootFiles: Record<string, string>, events: string[]) => {
    const fixture = workspace(DUMPING_HOOKS, rootFiles);
    const bin = tempDir();
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\nexit 1\n');
    chmodSync(join(bin, 'pnpm'), 0o755);

    const run = await runPackageScript(command(fixture, { packageManager: 'pnpm' as PackageManager }), {
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
    });

    assert.equal(run.exitCode, 0, run.outputTail);
    const steps = seen(fixture.packageDir);
    assert.deepEqual(
      steps.map(({ event }) => event),
      events,
    );
    assert.equal(steps[0].env.npm_execpath, join(bin, 'pnpm'));
    assert.match(steps[0].env.npm_config_user_agent, /^pnpm\/\? npm\/\? node\//);
    assert.equal(steps[0].env.PNPM_SCRIPT_SRC_DIR, fixture.packageDir);
  });

  it("finds programs in every node_modules/.bin from the package up to the workspace root, the package's own first", async () => {
    const fixture = workspace({ build: 'tool-a && tool-b' });
    const bins = { [join(fixture.packageDir, 'node_modules', '.bin')]: 'package', [join(fixture.root, 'node_modules', '.bin')]: 'root' };
    for (const [dir, owner] of Object.entries(bins)) {
      mkdirSync(dir, { recursive: true });
      for (const tool of owner === 'root' ? ['tool-a', 'tool-b'] : ['tool-a']) {
        writeFileSync(join(dir, tool), `#!/bin/sh\necho "${tool} from ${owner}"\n`);
        chmodSync(join(dir, tool), 0o755);
      }
    }

    const run = await runPackageScript(command(fixture));

    assert.equal(run.exitCode, 0, run.outputTail);
    assert.match(run.outputTail, /tool-a from package\ntool-b from root\n/);
  });

  it('refuses a package folder outside its workspace root before running anything', async () => {
    const fixture = workspace(DUMPING_HOOKS);
    const elsewhere = workspace(DUMPING_HOOKS);

    await assert.rejects(runPackageScript(command(fixture, { workspaceRoot: elsewhere.root })), (error: Error) => {
      assert.ok(error instanceof PackageOutsideWorkspaceError);
      assert.match(error.message, /is not inside its workspace .* so its scripts are not run\. Start a PackageBuilder run/);
      return true;
    });
    await assert.rejects(runPackageScript(command(fixture, { workspaceRoot: 'relative/root' })), PackageOutsideWorkspaceError);
  });
});

describe('runPackageScript against pnpm run', () => {
  it('gives every step the environment and hook order `pnpm run` gives, key by key, but for the listed omissions', async () => {
    const fixture = workspace(DUMPING_HOOKS, { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' });
    const config = tempDir();
    writeFileSync(join(config, 'user-npmrc'), '');
    // The user's pnpm (the repository's, linked from a folder of the user's: Baton's own node_modules/.bin is never used),
    // first on PATH: the runner finds it there too.
    const userBin = tempDir();
    symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules', '.bin', 'pnpm')), join(userBin, 'pnpm'));
    const workerEnv: NodeJS.ProcessEnv = {
      PATH: workerPath(userBin),
      HOME: process.env.HOME,
      npm_config_userconfig: join(config, 'user-npmrc'),
    };

    await execFileAsync('pnpm', ['run', 'build'], { cwd: fixture.packageDir, env: scriptEnvironment(workerEnv) });
    const underPnpm = seen(fixture.packageDir);
    const run = await runPackageScript(command(fixture, { packageManager: 'pnpm' }), { env: workerEnv });
    const underBaton = seen(fixture.packageDir);

    assert.equal(run.exitCode, 0, run.outputTail);
    assert.deepEqual(
      underPnpm.map(({ event }) => event),
      ['prebuild', 'build', 'postbuild'],
    );
    assert.deepEqual(
      underBaton.map(({ event }) => event),
      underPnpm.map(({ event }) => event),
    );
    for (const [index, { event, env: pnpmEnv }] of underPnpm.entries()) {
      const batonEnv = underBaton[index].env;
      // PATH too: pnpm's package .bin, its node-gyp shim, the root's .bin, then the worker's PATH.
      for (const key of [...comparedKeys(event, pnpmEnv, batonEnv, OMITTED_UNDER_PNPM), 'PATH']) {
        // Baton keeps a nested npm or pnpm from querying the registry for updates.
        const expected = key === 'npm_config_update_notifier' ? 'false' : pnpmEnv[key];
        assert.equal(batonEnv[key], expected, `${event}: ${key} differs from pnpm run's`);
      }
    }
  });
});

/**
 * The real mains (all-in-one, worker) and the npm scripts that run them, each on its own BATON_HOME with its own
 * embedded Temporal and PostgreSQL, stopped the ways a terminal, a process manager and a crash stop them. After each,
 * nothing the process started may still run.
 */
import { afterAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findFreePort } from '@baton/orchestration/process';
import { isProcessAlive } from '@baton/orchestration/process';
import { cleanInfrastructureEnv, descendantPids, pidsMentioning, startAppProcess, type AppProcess } from '../support/app-process';
import { graphqlData } from '../support/graphql-client';
import { compiledScript, REPO_ROOT } from '../support/repository';

const API_MAIN = compiledScript('apps/api/src/main.ts');
const WORKER_MAIN = compiledScript('apps/worker/src/main.ts');
const ALL_IN_ONE_READY = 'Baton is up';
const WORKER_READY = 'Worker running';
/** The build script of the workspace below: long enough to be running whenever a test looks. */
const SLOW_BUILD = 'sleep 600';
/** Generous: a server or a build stopped by the watchdog is gone well within this. */
const GONE_WITHIN_MS = 20_000;

const folders: string[] = [];
function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A one-package npm workspace whose build runs until killed, under a folder the API may build in. */
const workspaceRoot = temporaryFolder('baton-lifecycle-ws-');
const workspace = join(workspaceRoot, 'slow');
mkdirSync(join(workspace, 'packages', 'slow'), { recursive: true });
writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name: 'slow-monorepo', private: true, workspaces: ['packages/*'] }));
writeFileSync(
  join(workspace, 'packages', 'slow', 'package.json'),
  JSON.stringify({ name: 'slow', version: '1.0.0', scripts: { build: SLOW_BUILD } }),
);

interface Running {
  readonly app: AppProcess;
  readonly home: string;
  readonly port: number;
}

function appEnv(home: string, port: number): NodeJS.ProcessEnv {
  return cleanInfrastructureEnv({
    BATON_HOME: home,
    PORT: String(port),
    BATON_WORKSPACE_ROOTS: workspaceRoot,
    // Which binary runs the dev server is no server setting: keep the one the suite uses, if any.
    TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH,
  });
}

async function startMain(
  main: string,
  ready: string,
  { home = join(temporaryFolder('baton-lifecycle-'), 'home'), port, detached }: { home?: string; port?: number; detached?: boolean } = {},
): Promise<Running> {
  const appPort = port ?? (await findFreePort());
  const app = startAppProcess(process.execPath, [main], { env: appEnv(home, appPort), detached });
  await app.waitFor(ready);
  return { app, home, port: appPort };
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Field `field` (1-based, as in proc(5)) of /proc/<pid>/stat; the command name, field 2, may contain spaces. */
function statField(pid: number, field: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[field - 3]);
}

const parentOf = (pid: number): number => statField(pid, 4);
const processGroupOf = (pid: number): number => statField(pid, 5);

/** What `pid` started, by kind, checked to include the two servers on `home` and the watchdog. */
function startedBy(pid: number, home: string): { all: number[]; servers: number[] } {
  const all = descendantPids(pid);
  const lines = all.map((child) => ({ pid: child, line: commandLine(child) }));
  const temporal = lines.filter(({ line }) => line.includes(`--db-filename ${join(home, 'temporal', 'temporal.db')}`));
  const postgres = lines.filter(({ line }) => line.includes(`-D ${join(home, 'postgres', 'data')}`));
  const watchdog = lines.filter(({ line }) => line.includes('process-watchdog.main.js'));
  assert.equal(temporal.length, 1, `one Temporal server among:\n${lines.map(({ line }) => line).join('\n')}`);
  assert.equal(postgres.length, 1, 'one PostgreSQL postmaster');
  assert.equal(watchdog.length, 1, 'one watchdog');
  return { all, servers: [...temporal, ...postgres].map(({ pid: serverPid }) => serverPid) };
}

function alive(pids: number[]): string[] {
  return pids.filter(isProcessAlive).map((pid) => `${pid} ${commandLine(pid)}`);
}

async function assertAllGone(pids: number[], what: string): Promise<void> {
  await assertNoneRunning(() => alive(pids), what);
}

/** Waits (bounded) until `running` lists nothing, else fails with what it still lists. */
async function assertNoneRunning(running: () => string[], what: string): Promise<void> {
  const deadline = Date.now() + GONE_WITHIN_MS;
  while (running().length > 0 && Date.now() < deadline) await delay(100);
  assert.deepEqual(running(), [], `${what}: still running ${GONE_WITHIN_MS / 1000} s later`);
}

/** Stops a process that a test left running (it failed half-way), so that the suite leaves nothing behind. */
const leftovers = new Set<AppProcess>();
afterAll(async () => {
  for (const app of leftovers) app.child.kill('SIGKILL');
});

async function stopWith(app: AppProcess, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const startedAt = performance.now();
  app.child.kill(signal);
  const { code } = await app.exited;
  return { code, ms: Math.round(performance.now() - startedAt) };
}

/** Starts PackageBuilder on the slow workspace through the API and waits until its build script runs. */
async function startSlowBuild(running: Running): Promise<number> {
  await graphqlData(
    `http://127.0.0.1:${running.port}`,
    'mutation($input: JSON) { startWorkflow(name: "PackageBuilder", input: $input) { id } }',
    {
      input: { workspace, concurrency: 1 },
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const build = descendantPids(running.app.pid).find((pid) => commandLine(pid) === SLOW_BUILD);
    if (build !== undefined) return build;
    if (Date.now() > deadline) assert.fail(`The build script did not start within 60 s:\n${running.app.output()}`);
    await delay(200);
  }
}

const MAINS = [
  { name: 'all-in-one', main: API_MAIN, ready: ALL_IN_ONE_READY },
  { name: 'worker', main: WORKER_MAIN, ready: WORKER_READY },
] as const;

describe('a Baton main stopped by a signal stops everything it started', () => {
  for (const { name, main, ready } of MAINS) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${name}: ${signal} stops its servers before it exits 0`, async () => {
        const running = await startMain(main, ready);
        leftovers.add(running.app);
        const { all, servers } = startedBy(running.app.pid, running.home);
        const { code, ms } = await stopWith(running.app, signal);
        console.log(`${signal} to exit: ${ms} ms`);
        assert.equal(code, 0, running.app.output());
        assert.deepEqual(alive(servers), [], 'no server may run once the process has exited');
        await assertAllGone(all, 'what it started (the watchdog ends when its owner does)');
      });
    }
  }

  it('all-in-one: a second signal while it drains a running build stops everything at once and exits 130', async () => {
    const running = await startMain(API_MAIN, ALL_IN_ONE_READY);
    leftovers.add(running.app);
    const build = await startSlowBuild(running);
    const { all, servers } = startedBy(running.app.pid, running.home);
    running.app.child.kill('SIGTERM');
    // The worker now waits for the build (its shutdown grace, then cancellation): that is the drain a second signal cuts short.
    await running.app.waitFor('SIGTERM received');
    const { code, ms } = await stopWith(running.app, 'SIGINT');
    console.log(`second signal to exit: ${ms} ms`);
    assert.equal(code, 130, running.app.output());
    assert.match(running.app.output(), /SIGINT received while stopping: stopping the servers now and exiting/);
    assert.deepEqual(alive([...servers, build]), [], 'the servers and the build are stopped before the process exits');
    await assertAllGone(all, 'what it started');
  });

  const terminalCtrlCTest =
    "all-in-one: a terminal's Ctrl-C (SIGINT to its whole process group) during a build drains it against a live Temporal server and " +
    'exits 0';
  it(terminalCtrlCTest, async () => {
    const running = await startMain(API_MAIN, ALL_IN_ONE_READY, { detached: true });
    leftovers.add(running.app);
    const build = await startSlowBuild(running);
    const { all, servers } = startedBy(running.app.pid, running.home);
    const [temporal] = servers;
    assert.notEqual(processGroupOf(temporal), running.app.pid, 'the Temporal server is out of the group a Ctrl-C reaches');
    process.kill(-running.app.pid, 'SIGINT');
    const { code } = await running.app.exited;
    assert.equal(code, 0, running.app.output());
    assert.deepEqual(alive([...servers, build]), []);
    await assertAllGone(all, 'what it started');
  });

  it('all-in-one: a signal while it starts stops what has started so far and exits 0', async () => {
    const home = join(temporaryFolder('baton-lifecycle-'), 'home');
    const app = startAppProcess(process.execPath, [API_MAIN], { env: appEnv(home, await findFreePort()) });
    leftovers.add(app);
    // The Temporal server is being started: the SDK has spawned it and waits for it to answer.
    const seen = new Set<number>();
    for (;;) {
      for (const pid of descendantPids(app.pid)) seen.add(pid);
      if ([...seen].some((pid) => commandLine(pid).includes('--db-filename'))) break;
      await delay(20);
    }
    const { code } = await stopWith(app, 'SIGTERM');
    assert.equal(code, 0, app.output());
    await assertAllGone([...seen], 'what it had started');
    await assertNoneRunning(() => alive(pidsMentioning(home)), 'a server on its home, whenever it was started');
  });

  it('worker: a second signal at once forces the exit too, 128 + its number', async () => {
    const running = await startMain(WORKER_MAIN, WORKER_READY);
    leftovers.add(running.app);
    const { all, servers } = startedBy(running.app.pid, running.home);
    // Two signals pending at once reach the handlers in either order: the one handled second forces the exit.
    running.app.child.kill('SIGINT');
    const { code } = await stopWith(running.app, 'SIGTERM');
    const second = /(SIGINT|SIGTERM) received while stopping/.exec(running.app.output())?.[1];
    assert.equal(code, second === 'SIGINT' ? 130 : second === 'SIGTERM' ? 143 : undefined, running.app.output());
    assert.deepEqual(alive(servers), []);
    await assertAllGone(all, 'what it started');
  });
});

describe('a Baton main killed with SIGKILL leaves nothing running, and starts again', () => {
  it('all-in-one: its servers and a running build are stopped within seconds; the next start on the same home and port works', async () => {
    const running = await startMain(API_MAIN, ALL_IN_ONE_READY);
    leftovers.add(running.app);
    const build = await startSlowBuild(running);
    const { all } = startedBy(running.app.pid, running.home);
    assert.ok(all.includes(build));
    running.app.child.kill('SIGKILL');
    await running.app.exited;
    const startedAt = performance.now();
    await assertAllGone(all, 'after SIGKILL, what it started');
    console.log(`SIGKILL to all gone: ${Math.round(performance.now() - startedAt)} ms`);

    const again = await startMain(API_MAIN, ALL_IN_ONE_READY, { home: running.home, port: running.port });
    leftovers.add(again.app);
    const { code } = await stopWith(again.app, 'SIGTERM');
    assert.equal(code, 0, again.app.output());
  });

  it('worker: its servers are stopped within seconds', async () => {
    const running = await startMain(WORKER_MAIN, WORKER_READY);
    leftovers.add(running.app);
    const { all } = startedBy(running.app.pid, running.home);
    running.app.child.kill('SIGKILL');
    await running.app.exited;
    await assertAllGone(all, 'after SIGKILL, what it started');
  });
});

describe('npm scripts hand signals to the application', () => {
  /**
   * A project with the repository's own scripts and compiled output, where `build` does nothing: the scripts run as
   * written, without rebuilding the dist/ that the other tests run from.
   */
  const project = temporaryFolder('baton-lifecycle-npm-');
  const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'baton-scripts', private: true, scripts: { ...scripts, build: 'true' } }),
  );
  symlinkSync(join(REPO_ROOT, 'dist'), join(project, 'dist'));

  const cases = [
    { script: 'start', ready: ALL_IN_ONE_READY, signal: 'SIGTERM' },
    { script: 'start', ready: ALL_IN_ONE_READY, signal: 'SIGINT' },
    { script: 'start:worker', ready: WORKER_READY, signal: 'SIGTERM' },
    { script: 'start:api', ready: 'Baton is up (API only)', signal: 'SIGTERM' },
  ] as const;
  for (const { script, ready, signal } of cases) {
    it(`npm run ${script}: ${signal} to npm stops the application, which runs as npm's own child`, async () => {
      const home = join(temporaryFolder('baton-lifecycle-'), 'home');
      const npm = startAppProcess('npm', ['run', script], { cwd: project, env: appEnv(home, await findFreePort()) });
      leftovers.add(npm);
      await npm.waitFor(ready);
      const app = descendantPids(npm.pid).find((pid) => commandLine(pid).includes('node --enable-source-maps dist/apps/'));
      assert.ok(app !== undefined, `the application among npm's processes:\n${npm.output()}`);
      assert.equal(parentOf(app), npm.pid, 'the script `exec`s node, so no shell sits between npm and the application to swallow a signal');
      const { all } = startedBy(app, home);
      const { code } = await stopWith(npm, signal);
      assert.equal(code, 0, npm.output());
      assert.match(npm.output(), new RegExp(`${signal} received: stopping`));
      await assertAllGone([app, ...all], 'the application and what it started');
    });
  }
});

describe('a taken PORT', () => {
  it('is reported before any server starts, with the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const home = join(temporaryFolder('baton-lifecycle-'), 'home');
      const app = startAppProcess(process.execPath, [API_MAIN], { env: appEnv(home, port) });
      const { code } = await app.exited;
      assert.equal(code, 1);
      assert.match(
        app.output(),
        new RegExp(
          `PORT is ${port}, but another program already listens on 0\\.0\\.0\\.0:${port}\\. ` +
            `Stop that program \\(\`ss -ltnp 'sport = :${port}'\` names it; ` +
            'it may be an earlier Baton still running\\), or set PORT to a free port\\.',
        ),
      );
      assert.equal(existsSync(join(home, 'temporal')), false, 'no server was started');
    } finally {
      blocker.close();
    }
  });
});

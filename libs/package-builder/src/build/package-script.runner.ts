import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { isProcessGroupAlive, guardProcesses, type ProcessGuard } from '@baton/orchestration/process';
import { MissingScriptError } from './missing-script.error';
import { markBuild } from './build-timeline';
import { OutputTail, type OutputSource } from './output-tail';
import { readPackageJson } from './package-json.reader';
import { PackageOutsideWorkspaceError } from './package-outside-workspace.error';
import { locatePackageManager, type LocatedPackageManager } from './package-manager.locator';
import { lifecycleEnvironment, scriptEnvironment, stepEnvironment } from './script-environment';
import { lifecycleSteps } from './script-lifecycle';
import type { ScriptCommand, ScriptRun } from './script-run.types';
import { ScriptSpawnError } from './script-spawn.error';
import { UnsafeScriptNameError } from './unsafe-script-name.error';

export interface RunPackageScriptOptions {
  /**
   * Called with each complete non-empty output line, ANSI escape sequences stripped, trailing whitespace trimmed,
   * stdout and stderr alike. It runs inside a stream event handler, so it must not throw.
   */
  onOutputLine?: (line: string) => void;
  /**
   * Called with the output as it arrives, unchanged (colours kept): stdout and stderr chunks interleaved in arrival
   * order, with the `> name@version event` banners. For the package's log file; it must not throw either.
   */
  onOutput?: (text: string) => void;
  /** Aborting kills the script's whole process group; the run then resolves with `cancelled: true`. */
  signal?: AbortSignal;
  /**
   * The worker's environment, `process.env` by default: the package manager is looked up on its PATH, and the script
   * gets only the variables `scriptEnvironment` passes.
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * How long a process group gets between SIGTERM and SIGKILL, and how long processes a script left behind may keep
 * writing output after the script itself has exited.
 */
export const KILL_GRACE_MS = 2_000;

const GROUP_POLL_MS = 50;
/** Longest script timeout Node's timers can hold. */
export const MAX_SCRIPT_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * npm's `script-shell` default on POSIX, by absolute path: the script's PATH starts with the package's own
 * `node_modules/.bin` folders, which must not supply the shell.
 */
const SHELL = '/bin/sh';

/** One process of a run: a lifecycle step through the shell, or the package manager's own `run`. */
export interface StepProcess {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Printed into the output before the step starts, as npm does: `> name@version event` and `> command`. */
  banner?: string;
}

type StepOutcome = Pick<ScriptRun, 'exitCode' | 'signal' | 'timedOut' | 'cancelled'>;

const CANCELLED: StepOutcome = { exitCode: null, signal: null, timedOut: false, cancelled: true };

/** A run of a script, ready to start: its package.json read, its package manager found, its steps resolved. */
export interface PreparedScriptRun {
  /** With the package folder's real path. */
  command: ScriptCommand;
  steps: readonly StepProcess[];
}

/**
 * Runs one script of a package's own package.json as `npm run <script>` would, without starting npm: `pre<script>`,
 * the script and `post<script>` (as the package manager runs hooks), each through `sh -c` in the package folder with
 * the environment npm gives (see `lifecycleEnvironment`), each as the leader of a new process group, so that
 * cancellation, timeout and the worker's exit kill everything it started. Yarn workspaces run `yarn run <script>`:
 * yarn resolves binaries itself (Plug'n'Play) and only yarn 1 runs hooks.
 * Rejects only when the script cannot be started; once started, it resolves with the outcome, whatever it is.
 */
export async function runPackageScript(command: ScriptCommand, options: RunPackageScriptOptions = {}): Promise<ScriptRun> {
  return runPreparedScript(await prepareScriptRun(command, { env: options.env }), options);
}

/**
 * Everything `runPackageScript` does before the first process, on its own so that it can overlap other work.
 * `manifest`: the package.json the run is to use, when the caller has just read it for this run (the script must be
 * declared there); read here otherwise. `env`: as `RunPackageScriptOptions.env`.
 */
export async function prepareScriptRun(
  command: ScriptCommand,
  { env = process.env, manifest }: { env?: NodeJS.ProcessEnv; manifest?: unknown } = {},
): Promise<PreparedScriptRun> {
  assertTimeout(command);
  // Side by side (each reads files), the first failure in this order reported: package.json, manager, folders.
  const [declaring, manager, dirs] = await firstFailure(
    (manifest === undefined ? readPackageJson(command.packageName, command.packageDir) : Promise.resolve(manifest)).then((read) =>
      declaringManifest(command, read),
    ),
    locatePackageManager(command.packageName, command.packageManager, env),
    realDirsInsideWorkspace(command),
  );
  const steps = await stepProcesses(command, declaring, manager, dirs, env);
  markBuild(command.packageDir, 'script prepared');
  return { command: { ...command, packageDir: dirs.packageDir }, steps };
}

/** Starts a prepared run (see `runPackageScript`). */
export function runPreparedScript({ command, steps }: PreparedScriptRun, options: RunPackageScriptOptions = {}): Promise<ScriptRun> {
  return runSteps(steps, command, options);
}

/** All the values, once all have settled; else the reason of the first one (in argument order) that rejected. */
async function firstFailure<T extends unknown[]>(...promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}

function assertTimeout({ packageName, script, timeoutMs }: ScriptCommand): void {
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_SCRIPT_TIMEOUT_MS) {
    throw new RangeError(
      `Expected the timeout of script "${script}" of package "${packageName}" to be a whole number of milliseconds from 1 ` +
        `to ${MAX_SCRIPT_TIMEOUT_MS}, got ${timeoutMs}.`,
    );
  }
}

interface Manifest {
  name?: unknown;
  version?: unknown;
  scripts: Record<string, unknown>;
}

/** The package.json the run uses: the script must be declared there, whatever the caller was told earlier. */
function declaringManifest({ packageName, packageDir, script }: ScriptCommand, manifest: unknown): Manifest {
  const scripts = isRecord(manifest) && isRecord(manifest.scripts) ? manifest.scripts : {};
  // hasOwn: a name such as "constructor" must not be found on Object.prototype.
  if (!Object.hasOwn(scripts, script) || typeof scripts[script] !== 'string') {
    throw new MissingScriptError(packageName, join(packageDir, 'package.json'), script, Object.keys(scripts));
  }
  if (script === '' || script.startsWith('-')) throw new UnsafeScriptNameError(packageName, script);
  return { ...(isRecord(manifest) ? manifest : {}), scripts };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The real package folder and workspace root; the PATH walks from one up to the other, so one must hold the other. */
async function realDirsInsideWorkspace(command: ScriptCommand): Promise<{ packageDir: string; workspaceRoot: string }> {
  const real = async (path: string): Promise<string | undefined> => (isAbsolute(path) ? realpath(path).catch(() => undefined) : undefined);
  const [packageDir, workspaceRoot] = await Promise.all([real(command.packageDir), real(command.workspaceRoot)]);
  if (packageDir === undefined || workspaceRoot === undefined || !isWithin(workspaceRoot, packageDir)) {
    throw new PackageOutsideWorkspaceError(command.packageName, command.packageDir, command.workspaceRoot);
  }
  return { packageDir, workspaceRoot };
}

function isWithin(root: string, dir: string): boolean {
  const path = relative(root, dir);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

async function stepProcesses(
  { script }: ScriptCommand,
  manifest: Manifest,
  manager: LocatedPackageManager,
  dirs: { packageDir: string; workspaceRoot: string },
  env: NodeJS.ProcessEnv,
): Promise<StepProcess[]> {
  if (manager.name === 'yarn') return [{ file: manager.executable, args: ['run', script], env: scriptEnvironment(env) }];
  // As npm: a package without a name gets no npm_package_name (not its plan id), and the banner names the package
  // only when it has both a name and a version (npm's `_id`).
  const name = typeof manifest.name === 'string' ? manifest.name : undefined;
  const version = typeof manifest.version === 'string' ? manifest.version : undefined;
  const base = lifecycleEnvironment(env, { ...dirs, packageName: name, packageVersion: version, packageManager: manager });
  const steps = await lifecycleSteps(manifest.scripts, script, manager.name, dirs.workspaceRoot, env);
  const id = name !== undefined && version !== undefined ? `${name}@${version} ` : '';
  return steps.map((step) => ({
    file: SHELL,
    args: ['-c', step.command],
    env: stepEnvironment(base, step),
    banner: `> ${id}${step.event}\n> ${step.command}\n`,
  }));
}

/** Runs the steps in order within the one timeout, sharing one output tail; the first that does not succeed ends the run. */
async function runSteps(steps: readonly StepProcess[], command: ScriptCommand, options: RunPackageScriptOptions): Promise<ScriptRun> {
  const startedAt = performance.now();
  const tail = new OutputTail(options.onOutputLine);
  let outcome: StepOutcome = { exitCode: 0, signal: null, timedOut: false, cancelled: false };
  for (const step of steps) {
    const remainingMs = Math.ceil(command.timeoutMs - (performance.now() - startedAt));
    if (options.signal?.aborted) outcome = CANCELLED;
    else if (remainingMs < 1) outcome = { exitCode: null, signal: null, timedOut: true, cancelled: false };
    else {
      if (step.banner !== undefined) {
        const banner = tee(tail.source(), options.onOutput);
        banner.write(step.banner);
        banner.end();
      }
      outcome = await runInProcessGroup(step, command, remainingMs, tail, options);
    }
    if (outcome.exitCode !== 0 || outcome.timedOut || outcome.cancelled) break;
  }
  return { ...outcome, durationMs: performance.now() - startedAt, outputTail: tail.toString() };
}

function runInProcessGroup(
  step: StepProcess,
  command: ScriptCommand,
  timeoutMs: number,
  tail: OutputTail,
  { signal: abortSignal, onOutput }: RunPackageScriptOptions,
): Promise<StepOutcome> {
  return new Promise<StepOutcome>((resolve, reject) => {
    markBuild(command.packageDir, 'spawning');
    const child = spawn(step.file, step.args, {
      cwd: command.packageDir,
      env: step.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    markBuild(command.packageDir, 'spawned');
    const { pid, stdout, stderr } = child;
    if (pid === undefined) {
      child.once('error', (error) =>
        reject(new ScriptSpawnError(`${step.file} ${step.args.join(' ')}`, command.packageName, command.packageDir, error)),
      );
      return;
    }
    // Errors after a successful spawn (such as a failed signal) change nothing: 'close' still reports the outcome.
    child.on('error', () => undefined);
    trackGroup(pid);

    const sources = [stdout, stderr].map((stream) => {
      const source = tee(tail.source(), onOutput);
      stream.setEncoding('utf8');
      stream.on('data', source.write);
      return source;
    });

    let leaderExited = false;
    let timedOut = false;
    let cancelled = false;
    let termination: Promise<void> | undefined;
    const terminate = (): Promise<void> => (termination ??= terminateGroup(pid));
    /** Stops the script on timeout or cancellation; after the script has exited it only speeds up the clean-up. */
    const stop = (reason: 'timeout' | 'abort'): void => {
      if (!leaderExited) {
        timedOut = reason === 'timeout';
        cancelled = reason === 'abort';
      }
      void terminate();
    };
    const timeout = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('abort');
    abortSignal?.addEventListener('abort', onAbort, { once: true });

    let lingering: NodeJS.Timeout | undefined;
    child.once('exit', () => {
      markBuild(command.packageDir, 'script exited');
      leaderExited = true;
      clearTimeout(timeout);
      // The script is done; processes it left behind in its group may still hold its output open. Give them the grace
      // to finish writing, then end them, and stop reading even from any that escaped the group.
      lingering = setTimeout(() => {
        void terminate().then(() => {
          stdout.destroy();
          stderr.destroy();
        });
      }, KILL_GRACE_MS);
    });

    child.once('close', (exitCode, signal) => {
      markBuild(command.packageDir, 'script closed');
      clearTimeout(lingering);
      abortSignal?.removeEventListener('abort', onAbort);
      for (const source of sources) source.end();
      if (termination === undefined && isProcessGroupAlive(pid)) void terminate();
      void (termination ?? Promise.resolve()).then(() => {
        untrackGroup(pid);
        resolve({ exitCode, signal, timedOut, cancelled });
      });
    });
  });
}

/** The source, also handing each piece of text to `onOutput` first. */
function tee(source: OutputSource, onOutput: ((text: string) => void) | undefined): OutputSource {
  return onOutput === undefined
    ? source
    : {
        write: (text) => {
          onOutput(text);
          source.write(text);
        },
        end: source.end,
      };
}

/** SIGTERM to the whole group, then SIGKILL once the grace is over if any member is left. */
async function terminateGroup(pgid: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = performance.now() + KILL_GRACE_MS;
  while (isProcessGroupAlive(pgid)) {
    if (performance.now() >= deadline) {
      signalGroup(pgid, 'SIGKILL');
      return;
    }
    await delay(GROUP_POLL_MS);
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone, which is the goal.
  }
}

/**
 * Process groups still running, stopped by Baton's process watchdog if the worker process ends before them, however
 * it ends (SIGKILL included): SIGTERM, then SIGKILL after the watchdog's grace.
 */
const runningGroups = new Map<number, ProcessGuard>();

function trackGroup(pgid: number): void {
  runningGroups.set(pgid, guardProcesses({ name: 'build script', match: { group: pgid }, signal: 'SIGTERM' }));
}

function untrackGroup(pgid: number): void {
  runningGroups.get(pgid)?.release();
  runningGroups.delete(pgid);
}

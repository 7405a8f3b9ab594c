import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { isProcessGroupAlive, guardProcesses, type ProcessGuard } from '@baton/orchestration/process';
import { isPackageManager } from '../workspace/workspace.types';
import { MissingScriptError } from './missing-script.error';
import { OutputTail } from './output-tail';
import { PackageManagerNotFoundError } from './package-manager-not-found.error';
import { scriptEnvironment } from './script-environment';
import type { ScriptCommand, ScriptRun } from './script-run.types';
import { ScriptSpawnError } from './script-spawn.error';
import { UnreadablePackageJsonError } from './unreadable-package-json.error';
import { UnsafeScriptNameError } from './unsafe-script-name.error';
import { UnsupportedPackageManagerError } from './unsupported-package-manager.error';

export interface RunPackageScriptOptions {
  /**
   * Called with each complete non-empty output line, trailing whitespace trimmed, stdout and stderr alike.
   * It runs inside a stream event handler, so it must not throw.
   */
  onOutputLine?: (line: string) => void;
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
/** setTimeout fires at once for longer delays. */
/** Longest script timeout Node's timers can hold. */
export const MAX_SCRIPT_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Runs one script of a package's own package.json through the workspace's package manager (`<pm> run <script>`),
 * as the leader of a new process group, so that cancellation, timeout and the worker's exit kill everything it started.
 * Rejects only when the script cannot be started; once started, it resolves with the outcome, whatever it is.
 */
export async function runPackageScript(command: ScriptCommand, options: RunPackageScriptOptions = {}): Promise<ScriptRun> {
  assertTimeout(command);
  const env = options.env ?? process.env;
  await assertScriptDeclared(command);
  const executable = await findPackageManager(command, env);
  if (options.signal?.aborted) return { exitCode: null, signal: null, durationMs: 0, outputTail: '', timedOut: false, cancelled: true };
  return runInProcessGroup(executable, command, scriptEnvironment(env), options);
}

function assertTimeout({ packageName, script, timeoutMs }: ScriptCommand): void {
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_SCRIPT_TIMEOUT_MS) {
    throw new RangeError(
      `Expected the timeout of script "${script}" of package "${packageName}" to be a whole number of milliseconds from 1 ` +
        `to ${MAX_SCRIPT_TIMEOUT_MS}, got ${timeoutMs}.`,
    );
  }
}

/** Reads package.json again: the script must still be declared there, whatever the caller was told earlier. */
async function assertScriptDeclared({ packageName, packageDir, script }: ScriptCommand): Promise<void> {
  const packageJsonPath = join(packageDir, 'package.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(packageJsonPath, 'utf8'));
  } catch (error) {
    throw new UnreadablePackageJsonError(packageName, packageJsonPath, error);
  }
  const scripts = isRecord(manifest) && isRecord(manifest.scripts) ? manifest.scripts : {};
  // hasOwn: a name such as "constructor" must not be found on Object.prototype.
  if (!Object.hasOwn(scripts, script) || typeof scripts[script] !== 'string') {
    throw new MissingScriptError(packageName, packageJsonPath, script, Object.keys(scripts));
  }
  if (script === '' || script.startsWith('-')) throw new UnsafeScriptNameError(packageName, script);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds the package manager on PATH by one of its known names, never a path from the input; relative PATH entries are
 * skipped so a package directory cannot supply its own.
 */
async function findPackageManager({ packageName, packageManager }: ScriptCommand, env: NodeJS.ProcessEnv): Promise<string> {
  if (!isPackageManager(packageManager)) throw new UnsupportedPackageManagerError(packageName, packageManager);
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  for (const dir of dirs) {
    const candidate = join(dir, packageManager);
    if (await isExecutableFile(candidate)) return candidate;
  }
  throw new PackageManagerNotFoundError(packageManager, dirs);
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function runInProcessGroup(
  executable: string,
  command: ScriptCommand,
  env: NodeJS.ProcessEnv,
  options: RunPackageScriptOptions,
): Promise<ScriptRun> {
  const args = ['run', command.script];
  return new Promise<ScriptRun>((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(executable, args, { cwd: command.packageDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const { pid, stdout, stderr } = child;
    if (pid === undefined) {
      child.once('error', (error) =>
        reject(new ScriptSpawnError(`${command.packageManager} ${args.join(' ')}`, command.packageName, command.packageDir, error)),
      );
      return;
    }
    // Errors after a successful spawn (such as a failed signal) change nothing: 'close' still reports the outcome.
    child.on('error', () => undefined);
    trackGroup(pid);

    const tail = new OutputTail(options.onOutputLine);
    const sources = [stdout, stderr].map((stream) => {
      const source = tail.source();
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
    const timeout = setTimeout(() => stop('timeout'), command.timeoutMs);
    const onAbort = (): void => stop('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    let lingering: NodeJS.Timeout | undefined;
    child.once('exit', () => {
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
      const durationMs = performance.now() - startedAt;
      clearTimeout(lingering);
      options.signal?.removeEventListener('abort', onAbort);
      for (const source of sources) source.end();
      if (termination === undefined && isProcessGroupAlive(pid)) void terminate();
      void (termination ?? Promise.resolve()).then(() => {
        untrackGroup(pid);
        resolve({ exitCode, signal, durationMs, outputTail: tail.toString(), timedOut, cancelled });
      });
    });
  });
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

import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { compiledFile } from '../compiled-file';

/**
 * Processes this process starts and that must not outlive it: a server, found by an argument of its command line
 * (`--db-filename <file>`, `-D <data dir>`), as its PID is known only once it has started; or a process group (a build
 * script and everything it spawned).
 */
export interface GuardedProcesses {
  /** For the watchdog's messages: "Temporal server", "PostgreSQL", "build script". */
  readonly name: string;
  readonly match: { readonly flag: string; readonly value: string } | { readonly group: number };
  /** How they are asked to stop; SIGKILL follows for any still running after STOP_GRACE_MS. */
  readonly signal: NodeJS.Signals;
}

export type WatchdogCommand =
  | ({ readonly type: 'guard'; readonly id: number } & GuardedProcesses)
  | { readonly type: 'release'; readonly id: number }
  | { readonly type: 'stop' };

export interface ProcessGuard {
  /** They were stopped by their owner: the watchdog forgets them. Safe to call more than once. */
  release(): void;
}

export const STOP_GRACE_MS = 10_000;

/** Through the exports map, so that code running from TypeScript source (Jest) still spawns the compiled main. */
const WATCHDOG_MAIN = compiledFile('process/process-watchdog.main.js');

const guarded = new Map<number, GuardedProcesses>();
let nextId = 1;
let watchdog: ChildProcess | undefined;

/**
 * Makes sure `processes` cannot outlive this process, however this process ends: normal exit, crash, process.exit()
 * or SIGKILL, which runs no handler at all. Guard a server before starting it, so that one still starting is covered
 * too, and release the guard once it has stopped.
 *
 * The guard is a small watchdog process, one per Baton process, in a session of its own (so that a Ctrl-C or a signal
 * to this process's group does not reach it). It reads commands from a pipe whose other end only this process holds;
 * when this process dies the kernel closes that end, and the watchdog stops everything still guarded, then exits.
 */
export function guardProcesses(processes: GuardedProcesses): ProcessGuard {
  const id = nextId++;
  guarded.set(id, processes);
  if (isRunning(watchdog)) {
    write(watchdog, { type: 'guard', id, ...processes });
  } else {
    // The first guard, or the watchdog is gone (killed by hand): a new one learns every guard still held.
    const started = (watchdog = startWatchdog());
    for (const [heldId, held] of guarded) write(started, { type: 'guard', id: heldId, ...held });
  }
  return {
    release: () => {
      if (guarded.delete(id) && isRunning(watchdog)) write(watchdog, { type: 'release', id });
    },
  };
}

/**
 * Stops everything guarded now (its signal, then SIGKILL after STOP_GRACE_MS) and resolves once the watchdog is done,
 * or after `timeoutMs`. For a forced exit, when stopping in order is not an option.
 */
export async function stopGuardedProcesses(timeoutMs = STOP_GRACE_MS + 5_000): Promise<void> {
  const running = watchdog;
  guarded.clear();
  // A server guarded from now on (a startup still under way) gets a new watchdog: this one only stops what it knows.
  watchdog = undefined;
  if (!isRunning(running)) return;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    running.once('exit', () => resolve());
    timer = setTimeout(resolve, timeoutMs);
    write(running, { type: 'stop' });
  });
  clearTimeout(timer);
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

function write(target: ChildProcess, command: WatchdogCommand): void {
  target.stdin?.write(`${JSON.stringify(command)}\n`);
}

function startWatchdog(): ChildProcess {
  const child = spawn(process.execPath, [WATCHDOG_MAIN, String(process.pid)], {
    detached: true,
    // Its stderr is ours, so that what it did after a crash shows where this process logged.
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  let warned = false;
  const warn = (error: Error): void => {
    if (warned) return;
    warned = true;
    console.error(
      `Baton's process watchdog failed (${error.message}): what process ${process.pid} started may outlive it if it is killed.`,
    );
  };
  child.on('error', warn);
  child.stdin?.on('error', warn);
  // Neither the watchdog nor the pipe to it may keep this process alive.
  child.unref();
  (child.stdin as Socket | null)?.unref();
  return child;
}

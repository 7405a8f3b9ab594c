import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { join } from 'node:path';

/** A server this process starts, found by an argument of its command line (`--db-filename <file>`, `-D <data dir>`). */
export interface GuardedServer {
  /** For the watchdog's messages: "Temporal server", "PostgreSQL". */
  readonly name: string;
  readonly flag: string;
  readonly value: string;
  /** How the server is asked to stop; SIGKILL follows if it is still running after SERVER_STOP_GRACE_MS. */
  readonly signal: NodeJS.Signals;
}

export type WatchdogCommand =
  | ({ readonly type: 'guard'; readonly id: number } & GuardedServer)
  | { readonly type: 'release'; readonly id: number }
  | { readonly type: 'stop' };

export interface ServerGuard {
  /** The server was stopped by its owner: the watchdog forgets it. Safe to call more than once. */
  release(): void;
}

export const SERVER_STOP_GRACE_MS = 10_000;

const WATCHDOG_MAIN = join(__dirname, 'server-watchdog.main.js');

const guarded = new Map<number, GuardedServer>();
let nextId = 1;
let watchdog: ChildProcess | undefined;

/**
 * Makes sure the server matching `server` cannot outlive this process, however this process ends: normal exit,
 * crash, process.exit() or SIGKILL, which runs no handler at all. Guard a server before starting it, so that one still
 * starting is covered too, and release it once stopped.
 *
 * The guard is a small watchdog process, one per Baton process, in its own process group (so a Ctrl-C meant for this
 * process does not reach it). It reads commands from a pipe whose other end only this process holds; when this process
 * dies the kernel closes that end, and the watchdog stops every server still guarded. Servers are found by their
 * command line rather than by PID, as the PID of a server is known only once it has started.
 */
export function guardServer(server: GuardedServer): ServerGuard {
  const id = nextId++;
  guarded.set(id, server);
  send({ type: 'guard', id, ...server });
  return {
    release: () => {
      if (guarded.delete(id)) send({ type: 'release', id });
    },
  };
}

/**
 * Stops every guarded server now (its signal, then SIGKILL after SERVER_STOP_GRACE_MS) and resolves once the watchdog
 * is done, or after `timeoutMs`. For a forced exit, when stopping in order is not an option.
 */
export async function stopGuardedServers(timeoutMs = SERVER_STOP_GRACE_MS + 5_000): Promise<void> {
  const running = watchdog;
  guarded.clear();
  if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    running.once('exit', () => resolve());
    timer = setTimeout(resolve, timeoutMs);
    write(running, { type: 'stop' });
  });
  clearTimeout(timer);
}

function send(command: WatchdogCommand): void {
  if (watchdog === undefined || watchdog.exitCode !== null || watchdog.signalCode !== null) {
    // The first guard, or the watchdog is gone (killed by hand): a new one learns every guard still held.
    if (command.type === 'release') return;
    watchdog = startWatchdog();
    for (const [id, server] of guarded) write(watchdog, { type: 'guard', id, ...server });
    return;
  }
  write(watchdog, command);
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
    console.error(`Baton's server watchdog failed (${error.message}): servers started by process ${process.pid} may outlive it if it is killed.`);
  };
  child.on('error', warn);
  child.stdin?.on('error', warn);
  // Neither the watchdog nor the pipe to it may keep this process alive.
  child.unref();
  (child.stdin as Socket | null)?.unref();
  return child;
}

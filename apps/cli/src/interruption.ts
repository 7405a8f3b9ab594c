import { readFileSync } from 'node:fs';
import { EXIT_CODE } from './exit-code';

/** Ctrl-C as a terminal in raw mode passes it on. */
const CTRL_C = '\x03';

/**
 * Whether this process runs in the foreground of its terminal (Linux: its process group is the terminal's foreground
 * one, from /proc/self/stat). A background job that changes the terminal's mode is stopped (SIGTTOU).
 */
function inForeground(): boolean {
  try {
    // Fields after the command name, which may hold spaces: state, ppid, pgrp, session, tty_nr, tpgid.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[2] === fields[5];
  } catch {
    return false;
  }
}

/**
 * SIGINT and SIGTERM, from the moment they are listened for: the build stops, exiting 130 or 143. On a terminal where
 * it runs in the foreground (Linux), Ctrl-C is read from stdin in raw mode instead of raising SIGINT in the whole
 * foreground process group: the embedded PostgreSQL this process may have started is in that group, and would stop
 * while the build is being cancelled.
 */
export class Interruption {
  signal?: NodeJS.Signals;
  private onInterrupt = (): void => {};
  private readonly raw = process.stdin.isTTY === true && inForeground();

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => this.interrupt(signal));
    if (this.raw) {
      process.stdin.setRawMode(true);
      process.stdin.on('data', (data: Buffer) => {
        if (data.includes(CTRL_C)) this.interrupt('SIGINT');
      });
    }
  }

  get exitCode(): number {
    return this.signal === 'SIGTERM' ? EXIT_CODE.terminated : EXIT_CODE.interrupted;
  }

  /** Once the workflow runs, an interruption cancels it (start-up checks `signal` between its phases). */
  then(action: () => void): void {
    this.onInterrupt = action;
    if (this.signal !== undefined) action();
  }

  /** Gives the terminal back as it was. */
  dispose(): void {
    if (!this.raw) return;
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }

  private interrupt(signal: NodeJS.Signals): void {
    if (this.signal !== undefined) return;
    this.signal = signal;
    this.onInterrupt();
  }
}

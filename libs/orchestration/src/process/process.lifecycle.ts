import { constants } from 'node:os';
import { stopGuardedProcesses } from './process.watchdog';
import { isError } from '../errors/error-message';

export interface LifecycleLogger {
  log(message: string): void;
  error(message: string): void;
}

/** How long stopping in order (draining the workers, then the servers) may take before the process is forced to exit. */
export const GRACEFUL_STOP_TIMEOUT_MS = 60_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Owns SIGINT and SIGTERM for a Baton main (all-in-one, API, worker, infrastructure). Create it first, before anything
 * starts, and register what to stop as it starts:
 * - the first signal runs the registered stops, last registered first (the application, then the servers it runs on),
 *   stops any server still starting, and exits 0, or 1 if a stop failed;
 * - a second signal, or GRACEFUL_STOP_TIMEOUT_MS without the stops finishing, stops every server at once and exits with
 *   128 + the signal's number (1 for the timeout).
 * Servers cannot outlive the process in any case (see `guardProcesses`); this is about stopping them in order.
 */
export class ProcessLifecycle {
  private readonly stops: (() => Promise<void>)[] = [];
  private stopping = false;
  private forcing = false;

  constructor(private readonly logger: LifecycleLogger) {
    for (const signal of SIGNALS) process.on(signal, () => this.onSignal(signal));
  }

  /** Registers something started: stopped on the first signal, before whatever was registered earlier. */
  onStop(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  /** Logs `message`, stops everything in order and exits with `code`; once stopping, later calls do nothing. */
  async exit(message: string, code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.log(message);
    const deadline = setTimeout(
      () => void this.force(`Not stopped within ${GRACEFUL_STOP_TIMEOUT_MS / 1000} s`, 1),
      GRACEFUL_STOP_TIMEOUT_MS,
    );
    let failed = false;
    for (const stop of [...this.stops].reverse()) {
      try {
        await stop();
      } catch (error) {
        failed = true;
        this.logger.error(`Stopping failed: ${isError(error) ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    // Anything still starting when the signal came (a server the startup had not handed over yet).
    await stopGuardedProcesses();
    clearTimeout(deadline);
    // Once forced, the forced exit's code stands, even if the stops above finished first.
    if (!this.forcing) process.exit(failed ? 1 : code);
  }

  /** For a main's last catch: reports the error, stops everything and exits 1. */
  async fail(error: unknown): Promise<void> {
    // During a stop, a startup that was cut short fails too: that is expected, and the stop owns the exit.
    if (this.stopping) return;
    this.logger.error(isError(error) ? (error.stack ?? error.message) : String(error));
    await this.exit('Stopping after the error above', 1);
  }

  private onSignal(signal: (typeof SIGNALS)[number]): void {
    if (this.stopping) void this.force(`${signal} received while stopping`, 128 + constants.signals[signal]);
    else void this.exit(`${signal} received: stopping (${signal} again stops the servers at once)`, 0);
  }

  private async force(reason: string, code: number): Promise<void> {
    if (this.forcing) return;
    this.forcing = true;
    this.logger.error(`${reason}: stopping the servers now and exiting`);
    await stopGuardedProcesses();
    process.exit(code);
  }
}

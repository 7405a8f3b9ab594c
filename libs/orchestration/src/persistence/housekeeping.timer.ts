/**
 * Runs a housekeeping task every `intervalMs`: never two runs at once (a tick during a run is skipped), never what
 * keeps the process alive, and `stop()` waits for a run in progress, so no query outlives the data source.
 */
export class HousekeepingTimer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly intervalMs: number,
    /** Must not reject: it reports its own failures. */
    private readonly task: () => Promise<void>,
  ) {}

  start(options: { runNow: boolean }): void {
    if (options.runNow) this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running !== undefined) return;
    this.running = this.task().finally(() => {
      this.running = undefined;
    });
  }
}

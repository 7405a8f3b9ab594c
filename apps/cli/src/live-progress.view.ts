import type { LoopProgress } from '@baton/orchestration';

const BAR_WIDTH = 30;

/**
 * The terminal view of a running build: a progress bar, done/total, the packages building now and an ETA.
 * On a TTY it redraws in place; elsewhere it prints a line whenever the count of finished packages changes.
 */
export class LiveProgressView {
  private drawnLines = 0;
  private lastPrinted = -1;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly startedAt = Date.now(),
  ) {}

  update(progress: LoopProgress | undefined): void {
    const lines = progress === undefined ? ['Planning: reading the workspace…'] : this.render(progress);
    if (this.out.isTTY) {
      this.clear();
      this.out.write(`${lines.join('\n')}\n`);
      this.drawnLines = lines.length;
    } else if (progress !== undefined && progress.completed !== this.lastPrinted) {
      this.lastPrinted = progress.completed;
      this.out.write(`${lines[0]}\n`);
    }
  }

  /** Removes the live lines before the final report is printed. */
  clear(): void {
    if (this.out.isTTY && this.drawnLines > 0) {
      this.out.write(`\x1b[${this.drawnLines}A\x1b[J`);
      this.drawnLines = 0;
    }
  }

  private render(progress: LoopProgress): string[] {
    const { total, completed, failed, blocked, runningKeys } = progress;
    const filled = total === 0 ? BAR_WIDTH : Math.round((completed / total) * BAR_WIDTH);
    const elapsedMs = Date.now() - this.startedAt;
    const eta = completed === 0 || completed === total ? '' : `  ETA ${formatSeconds((elapsedMs / completed) * (total - completed))}`;
    const problems = failed + blocked === 0 ? '' : `  (${failed} failed, ${blocked} blocked)`;
    return [
      `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${completed}/${total} packages  ${formatSeconds(elapsedMs)} ` +
        `elapsed${eta}${problems}`,
      `Building (${runningKeys.length}/${progress.concurrency}): ${runningKeys.join(', ') || '—'}`,
    ];
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

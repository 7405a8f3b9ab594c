import { reportToTable, type BuildReport } from '@baton/package-builder';
import type { BuildEvent, RunEvent } from './build-events';
import { buildFrame } from './build-frame.renderer';
import type { BuildTracker } from './build-tracker';
import { packageOutputLine, runLine } from './plain.view';
import type { BuildView, Output } from './build.view';

/** Back to the first line of the frame (`n` lines up, column 1), then erase to the end of the screen. */
const erase = (lines: number) => (lines === 0 ? '' : `\x1b[${lines}F\x1b[J`);

/**
 * Redraws the picture in place on each update. Lines are cut to the terminal's width: a wrapped line would make the
 * next redraw erase one line too few. After `finish` or `abort` it draws nothing more, so a poll answered late
 * cannot put a stale frame under the report.
 */
export class TtyView implements BuildView {
  private drawnLines = 0;
  private closed = false;
  private tracker?: BuildTracker;

  constructor(private readonly out: Output) {}

  run(event: RunEvent): void {
    this.out.write(`${runLine(event)}\n`);
  }

  update(_events: readonly BuildEvent[], tracker: BuildTracker): void {
    this.tracker = tracker;
    if (!this.closed) this.draw(tracker);
  }

  finish(_events: readonly BuildEvent[], tracker: BuildTracker, report: BuildReport): void {
    if (this.closed) return;
    this.draw(tracker);
    this.closed = true;
    this.out.write(`\n${reportToTable(report)}\n`);
  }

  abort(): void {
    if (this.closed) return;
    this.out.write(erase(this.drawnLines));
    this.closed = true;
  }

  note(text: string): void {
    this.out.write(`${text}\n`);
  }

  /** Above the picture: the picture is erased, the lines written, and the picture drawn again under them. */
  packageOutput(name: string, lines: readonly string[]): void {
    if (this.closed) return;
    this.out.write(`${erase(this.drawnLines)}${lines.map((line) => packageOutputLine(name, line)).join('\n')}\n`);
    this.drawnLines = 0;
    if (this.tracker !== undefined) this.draw(this.tracker);
  }

  private draw(tracker: BuildTracker): void {
    const lines = buildFrame(tracker.figures(), tracker.laneStates(), {
      planning: tracker.planning,
      paused: tracker.paused,
      // One column spare: a line filling the last column wraps on some terminals.
      width: (this.out.columns ?? 120) - 1,
    });
    this.out.write(`${erase(this.drawnLines)}${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

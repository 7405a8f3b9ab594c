import { stripVTControlCharacters } from 'node:util';
import { reportToTable, type BuildReport } from '@baton/package-builder';
import type { BuildEvent, RunEvent } from './build-events';
import { headerLine, legendLine } from './build-frame.renderer';
import type { BuildTracker } from './build-tracker';
import type { BuildView, Output } from './build.view';

/** How often the append-only views print the progress while packages build. */
export const PROGRESS_EVERY_MS = 2_000;

/** A line of a package's log, prefixed as pnpm prefixes its streamed output. */
export function packageOutputLine(name: string, line: string): string {
  return `${name} | ${line}`;
}

export function runLine({ workflowId, url }: RunEvent): string {
  return `PackageBuilder ${workflowId}${url === undefined ? '' : ` — ${url}`}`;
}

/** A package event as one line of text; other events have their own lines. */
export function eventLine(event: BuildEvent): string | undefined {
  switch (event.event) {
    case 'started':
      return `started    ${event.package}${event.lane === undefined ? '' : `  (lane ${event.lane})`}`;
    case 'succeeded':
    case 'failed':
    case 'blocked':
    case 'skipped':
      return `${event.event.padEnd(10)} ${event.package}`;
    default:
      return undefined;
  }
}

/** How an append-only view writes each kind of line. */
export interface LineFormat {
  run(event: RunEvent): string;
  event(event: BuildEvent): string | undefined;
  progress(tracker: BuildTracker): string[];
  /** A line of a package's log. */
  output(name: string, line: string): string;
  report(report: BuildReport, at: number): string;
}

const PLAIN: LineFormat = {
  run: runLine,
  event: eventLine,
  progress: (tracker) => [headerLine(tracker.figures(), tracker.paused), legendLine(tracker.figures())],
  output: packageOutputLine,
  // Plain text only: a script's coloured output ends up in failures' error tails.
  report: (report) => `\n${stripVTControlCharacters(reportToTable(report))}`,
};

/**
 * Appends lines and never moves the cursor: a line when a package starts or ends, the progress every
 * PROGRESS_EVERY_MS, the report at the end. `plain` writes text, `json` one JSON event a line.
 */
export class AppendOnlyView implements BuildView {
  private lastProgressAt?: number;
  private closed = false;

  constructor(
    private readonly out: Output,
    private readonly format: LineFormat = PLAIN,
    /** Where notes go: stderr when stdout must stay parseable. */
    private readonly notes: Output = out,
  ) {}

  run(event: RunEvent): void {
    this.out.write(`${this.format.run(event)}\n`);
  }

  update(events: readonly BuildEvent[], tracker: BuildTracker): void {
    if (this.closed) return;
    this.writeEvents(events);
    const { elapsedMs } = tracker.figures();
    if (!tracker.planning && (this.lastProgressAt === undefined || elapsedMs - this.lastProgressAt >= PROGRESS_EVERY_MS)) {
      this.lastProgressAt = elapsedMs;
      this.writeLines(this.format.progress(tracker));
    }
  }

  finish(events: readonly BuildEvent[], tracker: BuildTracker, report: BuildReport): void {
    if (this.closed) return;
    this.closed = true;
    this.writeEvents(events);
    this.writeLines([...this.format.progress(tracker), this.format.report(report, Date.now())]);
  }

  abort(): void {
    this.closed = true;
  }

  note(text: string): void {
    this.notes.write(`${text}\n`);
  }

  packageOutput(name: string, lines: readonly string[]): void {
    if (!this.closed) this.writeLines(lines.map((line) => this.format.output(name, line)));
  }

  private writeEvents(events: readonly BuildEvent[]): void {
    this.writeLines(events.map((event) => this.format.event(event)).filter((line) => line !== undefined));
  }

  private writeLines(lines: readonly string[]): void {
    if (lines.length > 0) this.out.write(`${lines.join('\n')}\n`);
  }
}

import type { BuildReport } from '@baton/package-builder';
import type { BuildEvent, RunEvent } from './build-events';
import type { BuildTracker } from './build-tracker';

/** How `build-workspace` shows a run: redrawn in place (`tty`), as appended lines (`plain`) or as JSON lines (`json`). */
export interface BuildView {
  /** The workflow has started. */
  run(event: RunEvent): void;
  /** After each snapshot, with the events since the previous one. */
  update(events: readonly BuildEvent[], tracker: BuildTracker): void;
  /** The run ended with its report; `events` are the ones the snapshots missed. Nothing is drawn afterwards. */
  finish(events: readonly BuildEvent[], tracker: BuildTracker, report: BuildReport): void;
  /** The run ended without a report (failed or interrupted): removes the live picture; nothing is drawn afterwards. */
  abort(): void;
  /** A message besides the picture (a report written to a file). */
  note(text: string): void;
  /** Lines of a package's log (`--stream`, or the end of a failed package's), plain text, above the live picture. */
  packageOutput(name: string, lines: readonly string[]): void;
}

export type Output = Pick<NodeJS.WriteStream, 'write'> & { columns?: number };

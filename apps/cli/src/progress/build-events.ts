import type { ItemStatus } from '@baton/orchestration';
import type { BuildReport } from '@baton/package-builder';
import type { ProgressFigures } from './progress-figures';

/**
 * What `--ui json` prints, one object a line, and what `--ui plain` prints as text. `at`: an ISO timestamp, when the
 * CLI saw it (it looks every 250 ms; the report has each package's exact times and durations).
 */
export type BuildEvent = RunEvent | PackageStartedEvent | PackageEndedEvent | PackageOutputEvent | ProgressEvent | ReportEvent;

export interface RunEvent {
  event: 'run';
  at: string;
  workflowId: string;
  /** The run in the Temporal Web UI, when the embedded server has one. */
  url?: string;
}

export interface PackageStartedEvent {
  event: 'started';
  at: string;
  package: string;
  /** 1-based; absent when the package started and finished between two looks at the run. */
  lane?: number;
}

export interface PackageEndedEvent {
  event: ItemStatus;
  at: string;
  package: string;
}

/** A line of a package's log: with `--stream`, or the end of a failed package's log. */
export interface PackageOutputEvent {
  event: 'output';
  at: string;
  package: string;
  line: string;
}

export interface ProgressEvent extends ProgressFigures {
  event: 'progress';
  at: string;
  /** The packages building now, by lane (null: idle). */
  lanes: (string | null)[];
}

export interface ReportEvent {
  event: 'report';
  at: string;
  report: BuildReport;
}

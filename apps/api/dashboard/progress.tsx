import { STATUS_COLOURS, type DisplayStatus } from './status.colours';

/** The fields of `Progress` the pages show. */
export interface Progress {
  total: number;
  completed: number;
  succeeded: number;
  failed: number;
  blocked: number;
  skipped: number;
  running: number;
  percent: number;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  elapsedMs: number;
  concurrency: number | null;
  paused: boolean;
  closed: boolean;
}

export const PROGRESS_FIELDS =
  'total completed succeeded failed blocked skipped running percent ratePerSecond etaSeconds elapsedMs concurrency paused closed';

export function StatusChip({ status }: { status: DisplayStatus }) {
  return (
    <span className="chip" data-status={status} style={{ background: STATUS_COLOURS[status] }}>
      {status.replace('_', ' ')}
    </span>
  );
}

/** A bar filled to `percent`, coloured by the execution's state. */
export function ProgressBar({ percent, status }: { percent: number; status: DisplayStatus }) {
  return (
    <div className="bar" role="progressbar" aria-valuenow={Math.round(percent)} aria-valuemin={0} aria-valuemax={100}>
      <div className="bar-fill" data-status={status} style={{ width: `${Math.min(100, percent)}%`, background: STATUS_COLOURS[status] }} />
    </div>
  );
}

import { LOOP_COUNTERS, type LoopCounters } from '@baton/orchestration/protocol';
import { STATUS_COLOURS, type DisplayStatus } from './status.colours';

/** The fields of `Progress` the pages show: the protocol's loop counters, then the rest. */
export interface Progress extends LoopCounters {
  percent: number;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  elapsedMs: number;
  concurrency: number | null;
  paused: boolean;
  closed: boolean;
}

export const PROGRESS_FIELDS = [...LOOP_COUNTERS, 'percent ratePerSecond etaSeconds elapsedMs concurrency paused closed'].join(' ');

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

import { useEffect, useState } from 'react';
import type { Api } from './api.client';
import { formatDuration } from './format';
import { fromApiStatus, STATUS_COLOURS } from './status.colours';

interface ItemSummary {
  counts: { status: string; count: number }[];
  durations: { fromMs: number; toMs: number; count: number }[];
  errors: { message: string; count: number; keys: string[] }[];
}

const SUMMARY_QUERY = `query ItemSummary($id: ID!) {
  execution(id: $id) {
    itemSummary { counts { status count } durations { fromMs toMs count } errors { message count keys } }
  }
}`;
/** The summary is re-read at most this often while items finish. */
const REFRESH_MS = 2000;
const HISTOGRAM_HEIGHT = 60;

/**
 * The finished items at a glance, above their table: counts by status, a histogram of the run durations and the
 * errors grouped by their first line (a thousand identical failures are one row with its count).
 */
export function BatchSummary({ api, id, completed }: { api: Api; id: string; completed: number }) {
  const [summary, setSummary] = useState<ItemSummary>();
  const [problem, setProblem] = useState<string>();
  const [readAt, setReadAt] = useState(0);

  useEffect(() => {
    let current = true;
    const wait = Math.max(0, readAt + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      api.request<{ execution: { itemSummary: ItemSummary } | null }>(SUMMARY_QUERY, { id }).then(
        (result) => {
          if (!current) return;
          setReadAt(Date.now());
          if (result.execution) setSummary(result.execution.itemSummary);
        },
        (failure: Error) => current && setProblem(failure.message),
      );
    }, wait);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // Re-read when more items finished, throttled; `readAt` is only the throttle's clock, not a reason to re-read.
  }, [api, id, completed]);

  if (problem) return <p className="error">{problem}</p>;
  if (!summary || summary.counts.length === 0) return null;
  const tallest = Math.max(1, ...summary.durations.map((bucket) => bucket.count));
  return (
    <div className="batch-summary">
      <div className="summary-counts">
        {summary.counts.map(({ status, count }) => {
          const name = fromApiStatus<keyof typeof STATUS_COLOURS>(status);
          return (
            <span key={status} className="legend-entry" data-status={name} data-count={count}>
              <i style={{ background: STATUS_COLOURS[name] }} /> {name} {count}
            </span>
          );
        })}
      </div>
      {summary.durations.length > 0 && (
        <figure className="histogram">
          <div className="histogram-bars" style={{ height: HISTOGRAM_HEIGHT }}>
            {summary.durations.map((bucket) => (
              <div
                key={bucket.fromMs}
                className="histogram-bar"
                data-count={bucket.count}
                title={`${formatDuration(bucket.fromMs)} – ${formatDuration(bucket.toMs)}: ${bucket.count} item(s)`}
                style={{ height: `${(bucket.count / tallest) * 100}%` }}
              />
            ))}
          </div>
          <figcaption>
            durations: {formatDuration(summary.durations[0].fromMs)} –{' '}
            {formatDuration(summary.durations[summary.durations.length - 1].toMs)}
          </figcaption>
        </figure>
      )}
      {summary.errors.length > 0 && (
        <table className="error-groups">
          <tbody>
            {summary.errors.map((group) => (
              <tr key={group.message} data-count={group.count}>
                <td className="count">{group.count}×</td>
                <td className="message">{group.message}</td>
                <td className="keys">
                  {group.keys.join(', ')}
                  {group.count > group.keys.length ? ', …' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

import { formatDuration } from './format';
import type { ItemState } from './execution.state';
import { laneGaps, type GapContext } from './lane.gaps';
import { assignLanes } from './lanes.layout';
import { STATUS_COLOURS } from './status.colours';
import type { ControlTimeline } from './window.timeline';

const WIDTH = 1000;
const LANE_HEIGHT = 22;
const LABEL_WIDTH = 60;
/** Gaps narrower than this share of the chart are scheduling latency: not drawn as waits. */
const MINIMUM_GAP_SHARE = 0.01;
/** Gaps wide enough for their label written on them; narrower ones show it on hover. */
const LABELLED_GAP_PX = 90;
const RAN: ReadonlySet<string> = new Set(['succeeded', 'failed']);

export interface LanesViewProps {
  items: ReadonlyMap<string, ItemState>;
  start: number;
  end: number;
  timeline: ControlTimeline;
  nodes: GapContext['nodes'];
  dependencies: GapContext['dependencies'];
  label: (id: string) => string;
  running: boolean;
}

/**
 * The timeline of the window's slots: one row per lane, each item a bar in the lane it ran in, from its start to its
 * end (or now while it runs). Lanes outside the window (before a `setConcurrency` widened it, after one narrowed it)
 * are hatched from the instant it changed; the idle stretches of open lanes say what they waited for.
 */
export function LanesView({ items, start, end, timeline, nodes, dependencies, label, running }: LanesViewProps) {
  // Blocked and skipped items never held a slot.
  const ran = [...items.values()].filter(
    (item) => item.startedAt !== undefined && (item.status === 'running' || (RAN.has(item.status) && item.finishedAt !== undefined)),
  );
  // A running item runs at least until the newest time the page knows of: `end` ticks twice a second, and an item
  // that started or finished since then must not make a running bar end before it (its lane would look free).
  const latest = Math.max(end, ...ran.map((item) => item.finishedAt ?? item.startedAt!));
  const intervals = ran.map((item) => ({
    key: item.id,
    start: item.startedAt!,
    end: item.status === 'running' ? latest : item.finishedAt!,
  }));
  const byId = new Map(ran.map((item) => [item.id, item]));
  const { lanes, count: used } = assignLanes(intervals);
  const count = Math.max(used, ...timeline.windows.map((window) => window.size));
  const span = Math.max(1, end - start);
  const scale = (time: number) => LABEL_WIDTH + ((Math.min(Math.max(time, start), end) - start) / span) * (WIDTH - LABEL_WIDTH);
  const height = Math.max(1, count) * LANE_HEIGHT;
  const bars = intervals.map((interval) => ({ key: interval.key, lane: lanes.get(interval.key)!, from: interval.start, to: interval.end }));
  const gaps = laneGaps(bars, count, { timeline, items, nodes, dependencies, label, end, running, minimumMs: span * MINIMUM_GAP_SHARE });
  const closed = timeline.windows.flatMap((window) =>
    Array.from({ length: Math.max(0, count - window.size) }, (_, index) => ({ ...window, lane: window.size + index })),
  );
  return (
    <svg className="lanes" width={WIDTH} height={height + 18} viewBox={`0 0 ${WIDTH} ${height + 18}`} data-lanes={count}>
      <defs>
        <pattern id="lane-closed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#e2e8f0" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#94a3b8" strokeWidth="2" />
        </pattern>
      </defs>
      {Array.from({ length: count }, (_, lane) => (
        <g key={lane} className="lane-row">
          <rect x={LABEL_WIDTH} y={lane * LANE_HEIGHT} width={WIDTH - LABEL_WIDTH} height={LANE_HEIGHT - 2} className="lane-background" />
          <text x={4} y={lane * LANE_HEIGHT + 15}>
            lane {lane + 1}
          </text>
        </g>
      ))}
      {closed.map((window) => (
        <rect
          key={`closed-${window.lane}-${window.from}`}
          className="lane-closed"
          data-lane={window.lane}
          data-from={window.from}
          data-to={window.to}
          x={scale(window.from)}
          y={window.lane * LANE_HEIGHT}
          width={Math.max(0, scale(window.to) - scale(window.from))}
          height={LANE_HEIGHT - 2}
          fill="url(#lane-closed)"
        >
          <title>{`outside the window (${window.size} at a time)`}</title>
        </rect>
      ))}
      {gaps.map((gap) => {
        const x = scale(gap.from);
        const width = Math.max(1, scale(gap.to) - x);
        return (
          <g key={`gap-${gap.lane}-${gap.from}`} className="lane-gap" data-lane={gap.lane} data-wait={gap.wait} data-from={gap.from}>
            <title>{`${gap.wait} for ${formatDuration(gap.to - gap.from)}`}</title>
            <rect x={x} y={gap.lane * LANE_HEIGHT + 1} width={width} height={LANE_HEIGHT - 4} />
            {width >= LABELLED_GAP_PX && (
              <text x={x + 4} y={gap.lane * LANE_HEIGHT + 15}>
                {gap.wait.length > width / 6 ? `${gap.wait.slice(0, Math.floor(width / 6) - 1)}…` : gap.wait}
              </text>
            )}
          </g>
        );
      })}
      {intervals.map((interval) => {
        const item = byId.get(interval.key)!;
        const lane = lanes.get(interval.key)!;
        const x = scale(interval.start);
        return (
          <rect
            key={interval.key}
            className="lane-bar"
            data-lane={lane}
            data-key={interval.key}
            data-start={interval.start}
            data-end={interval.end}
            data-status={item.status}
            x={x}
            y={lane * LANE_HEIGHT + 1}
            width={Math.max(1, scale(interval.end) - x)}
            height={LANE_HEIGHT - 4}
            fill={STATUS_COLOURS[item.status]}
          >
            <title>
              {`${item.label}: ${formatDuration(interval.end - interval.start)}${item.attempts ? `, ${item.attempts} attempt(s)` : ''}`}
            </title>
          </rect>
        );
      })}
      <text x={LABEL_WIDTH} y={height + 14} className="axis">
        0
      </text>
      <text x={WIDTH - 4} y={height + 14} className="axis" textAnchor="end">
        {formatDuration(span)}
      </text>
    </svg>
  );
}

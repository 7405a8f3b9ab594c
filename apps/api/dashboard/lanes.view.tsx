import { formatDuration } from './format';
import type { ItemState } from './execution.state';
import { assignLanes } from './lanes.layout';
import { STATUS_COLOURS } from './status.colours';

const WIDTH = 1000;
const LANE_HEIGHT = 22;
const LABEL_WIDTH = 60;
const RAN: ReadonlySet<string> = new Set(['succeeded', 'failed']);

/**
 * The timeline of the window's slots: one row per lane, each item a bar in the lane it ran in, from its start to its
 * end (or now while it runs). Gaps between bars are idle slot time.
 */
export function LanesView({ items, start, end }: { items: readonly ItemState[]; start: number; end: number }) {
  // Blocked and skipped items never held a slot.
  const ran = items.filter(
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
  const { lanes, count } = assignLanes(intervals);
  const span = Math.max(1, end - start);
  const scale = (time: number) => LABEL_WIDTH + ((time - start) / span) * (WIDTH - LABEL_WIDTH);
  const height = Math.max(1, count) * LANE_HEIGHT;
  return (
    <svg className="lanes" width={WIDTH} height={height + 18} viewBox={`0 0 ${WIDTH} ${height + 18}`} data-lanes={count}>
      {Array.from({ length: count }, (_, lane) => (
        <g key={lane} className="lane-row">
          <rect x={LABEL_WIDTH} y={lane * LANE_HEIGHT} width={WIDTH - LABEL_WIDTH} height={LANE_HEIGHT - 2} className="lane-background" />
          <text x={4} y={lane * LANE_HEIGHT + 15}>
            lane {lane + 1}
          </text>
        </g>
      ))}
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

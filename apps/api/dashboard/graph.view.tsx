import { useMemo, useState } from 'react';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type GraphLayout, type LayoutEdge } from './graph.layout';
import { NODE_STATUSES, STATUS_COLOURS, type NodeStatus } from './status.colours';

/** Past this many nodes the page shows counts and a search instead of drawing (an SVG of thousands of nodes freezes the tab). */
export const MAX_DRAWN_NODES = 2000;

export interface GraphViewProps {
  layout: GraphLayout;
  edges: readonly LayoutEdge[];
  labels: ReadonlyMap<string, string>;
  status: (id: string) => NodeStatus;
  /** The title of a node: its label, and for a blocked one the package that blocked it. */
  title: (id: string) => string;
  critical: ReadonlySet<string>;
  /** A short mark drawn at the node's right end (a loop's window: "×4"). */
  badge?: (id: string) => string | undefined;
  /** The node's kind, as `data-kind` (a step graph's `step`, `loop` or `child`: child nodes are drawn dashed). */
  kind?: (id: string) => string | undefined;
  selected?: string;
  onSelect: (id: string) => void;
}

/**
 * The dependency graph: positions come from the layout (computed once per plan); only colours change per event. Past
 * MAX_DRAWN_NODES nodes: counts per status, a search, and the neighbourhood of the selected node.
 */
export function GraphView(props: GraphViewProps) {
  return props.layout.nodes.length > MAX_DRAWN_NODES ? <LargeGraphView {...props} /> : <GraphDrawing {...props} />;
}

/** Matches of a search listed at once. */
const SEARCH_MATCHES = 20;

function LargeGraphView(props: GraphViewProps) {
  const { layout, edges, labels, status, selected, onSelect } = props;
  const [search, setSearch] = useState('');
  const counts = new Map<NodeStatus, number>();
  for (const node of layout.nodes) counts.set(status(node.id), (counts.get(status(node.id)) ?? 0) + 1);
  const needle = search.trim().toLowerCase();
  const matches = needle
    ? layout.nodes.filter((node) => (labels.get(node.id) ?? node.id).toLowerCase().includes(needle)).slice(0, SEARCH_MATCHES)
    : [];
  // The selected node, what it depends on and what depends on it: laid out alone, once per selection.
  const neighbourhood = useMemo(() => {
    if (!selected || !layout.byId.has(selected)) return undefined;
    const near = edges.filter((edge) => edge.from === selected || edge.to === selected);
    const ids = [selected, ...near.map((edge) => (edge.from === selected ? edge.to : edge.from))];
    return { layout: layoutGraph([...new Set(ids)], near), edges: near };
  }, [layout, edges, selected]);
  return (
    <div className="graph-large">
      <div className="graph-summary">
        {layout.nodes.length} nodes: too many to draw; search one to see its neighbourhood.{' '}
        {NODE_STATUSES.filter((name) => counts.has(name)).map((name) => (
          <span key={name} className="legend-entry" data-status={name} data-count={counts.get(name)}>
            <i style={{ background: STATUS_COLOURS[name] }} /> {name} {counts.get(name)}
          </span>
        ))}
      </div>
      <div className="graph-search">
        <input name="graph-search" placeholder="Search a node" value={search} onChange={(event) => setSearch(event.target.value)} />
        {matches.map((node) => (
          <button key={node.id} className="graph-match" data-key={node.id} onClick={() => onSelect(node.id)}>
            {labels.get(node.id) ?? node.id}
          </button>
        ))}
      </div>
      {neighbourhood && <GraphDrawing {...props} layout={neighbourhood.layout} edges={neighbourhood.edges} />}
    </div>
  );
}

function GraphDrawing({ layout, edges, labels, status, title, critical, badge, kind, selected, onSelect }: GraphViewProps) {
  return (
    <div className="graph-scroll">
      <svg className="graph" width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
        <g className="edges">
          {edges.map(({ from, to }) => {
            const a = layout.byId.get(from);
            const b = layout.byId.get(to);
            if (!a || !b) return null;
            const x1 = a.x + NODE_WIDTH;
            const y1 = a.y + NODE_HEIGHT / 2;
            const x2 = b.x;
            const y2 = b.y + NODE_HEIGHT / 2;
            const middle = (x1 + x2) / 2;
            const onPath = critical.has(from) && critical.has(to);
            return (
              <path
                key={`${from}>${to}`}
                d={`M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`}
                className={onPath ? 'edge critical' : 'edge'}
              />
            );
          })}
        </g>
        {layout.nodes.map((node) => {
          const nodeStatus = status(node.id);
          const label = labels.get(node.id) ?? node.id;
          const mark = badge?.(node.id);
          const room = mark ? 18 - mark.length : 18;
          return (
            <g
              key={node.id}
              className={`node${critical.has(node.id) ? ' critical' : ''}${selected === node.id ? ' selected' : ''}`}
              data-key={node.id}
              data-status={nodeStatus}
              data-critical={critical.has(node.id) ? 'true' : undefined}
              data-kind={kind?.(node.id)}
              data-badge={mark}
              transform={`translate(${node.x},${node.y})`}
              onClick={() => onSelect(node.id)}
            >
              <title>{title(node.id)}</title>
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={5} fill={STATUS_COLOURS[nodeStatus]} />
              <text x={8} y={NODE_HEIGHT / 2 + 4}>
                {label.length > room ? `${label.slice(0, room - 1)}…` : label}
              </text>
              {mark && (
                <text className="node-badge" x={NODE_WIDTH - 6} y={NODE_HEIGHT / 2 + 4} textAnchor="end">
                  {mark}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

export function Legend() {
  return (
    <div className="legend">
      {NODE_STATUSES.map((name) => (
        <span key={name} className="legend-entry">
          <i style={{ background: STATUS_COLOURS[name] }} /> {name}
        </span>
      ))}
      <span className="legend-entry">
        <i className="critical-swatch" /> critical path
      </span>
    </div>
  );
}

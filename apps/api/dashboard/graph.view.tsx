import { NODE_HEIGHT, NODE_WIDTH, type GraphLayout, type LayoutEdge } from './graph.layout';
import { NODE_STATUSES, STATUS_COLOURS, type NodeStatus } from './status.colours';

/** Past this many nodes the page shows counts instead of drawing (an SVG of thousands of nodes freezes the tab). */
export const MAX_DRAWN_NODES = 2000;

export interface GraphViewProps {
  layout: GraphLayout;
  edges: readonly LayoutEdge[];
  labels: ReadonlyMap<string, string>;
  status: (id: string) => NodeStatus;
  /** The title of a node: its label, and for a blocked one the package that blocked it. */
  title: (id: string) => string;
  critical: ReadonlySet<string>;
  selected?: string;
  onSelect: (id: string) => void;
}

/** The dependency graph: positions come from the layout (computed once per plan); only colours change per event. */
export function GraphView({ layout, edges, labels, status, title, critical, selected, onSelect }: GraphViewProps) {
  if (layout.nodes.length > MAX_DRAWN_NODES) {
    const counts = new Map<NodeStatus, number>();
    for (const node of layout.nodes) counts.set(status(node.id), (counts.get(status(node.id)) ?? 0) + 1);
    return (
      <div className="graph-summary">
        {layout.nodes.length} nodes: too many to draw.{' '}
        {NODE_STATUSES.filter((name) => counts.has(name)).map((name) => (
          <span key={name} className="legend-entry">
            <i style={{ background: STATUS_COLOURS[name] }} /> {name} {counts.get(name)}
          </span>
        ))}
      </div>
    );
  }
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
          return (
            <g
              key={node.id}
              className={`node${critical.has(node.id) ? ' critical' : ''}${selected === node.id ? ' selected' : ''}`}
              data-key={node.id}
              data-status={nodeStatus}
              data-critical={critical.has(node.id) ? 'true' : undefined}
              transform={`translate(${node.x},${node.y})`}
              onClick={() => onSelect(node.id)}
            >
              <title>{title(node.id)}</title>
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={5} fill={STATUS_COLOURS[nodeStatus]} />
              <text x={8} y={NODE_HEIGHT / 2 + 4}>
                {label.length > 18 ? `${label.slice(0, 17)}…` : label}
              </text>
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

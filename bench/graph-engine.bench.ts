/**
 * Times every analysis of the dependency-graph engine on seeded, layered random DAGs and writes
 * `bench/results/graph.md` (relative to the working directory; run from the repository root): `npm run bench:graph`.
 *
 * The target: all analyses of a 10,000-node, 50,000-edge DAG in under 100 ms in total.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  bottomLevels,
  buildDependencyGraph,
  criticalPath,
  DependencyGraph,
  findCycles,
  layers,
  lowerBound,
  selectWithDependencies,
  topologicalOrder,
  transitiveDependents,
} from '@baton/orchestration/graph';
import { mulberry32 } from '../test/support/seeded-random';
import { formats, judged, writeBenchReport } from './support/bench-report';
import { median } from './support/statistics';

const SIZES = [100, 1_000, 10_000];
const EDGES_PER_NODE = 5;
/** Dependencies are drawn from up to this many layers back, nearer layers more often. */
const LAYER_REACH = 4;
const CONCURRENCY = 16;
const TARGET_NODES = 10_000;
const TARGET_MS = 100;

interface Workload {
  nodes: string[];
  dependencies: string[][];
  weights: Float64Array;
  edgeCount: number;
  layerCount: number;
}

/**
 * A DAG of about √n layers of about √n nodes; nodes after the first layer share exactly
 * `EDGES_PER_NODE * n` distinct dependencies on earlier layers, so 10,000 nodes have 50,000 edges.
 */
function layeredDag(n: number, seed: number): Workload {
  const random = mulberry32(seed);
  const width = Math.max(EDGES_PER_NODE + 1, Math.round(Math.sqrt(n)));
  const layerCount = Math.ceil(n / width);
  const nodes = Array.from({ length: n }, (_, i) => `step-${String(i).padStart(5, '0')}`);
  const layerOf = (i: number) => Math.floor(i / width);
  const layerStart = (layer: number) => layer * width;
  const dependents = n - width;
  const dependencies: string[][] = nodes.map(() => []);
  for (let i = width; i < n; i++) {
    const k = i - width;
    const count = Math.floor((EDGES_PER_NODE * n) / dependents) + (k < (EDGES_PER_NODE * n) % dependents ? 1 : 0);
    const layer = layerOf(i);
    const chosen = new Set<number>();
    while (chosen.size < count) {
      const back = 1 + Math.floor(random() * random() * Math.min(layer, LAYER_REACH));
      chosen.add(layerStart(layer - back) + Math.floor(random() * width));
    }
    dependencies[i] = [...chosen].map((j) => nodes[j]);
  }
  const weights = Float64Array.from(nodes, () => 1 + Math.floor(random() * 100));
  const edgeCount = dependencies.reduce((sum, deps) => sum + deps.length, 0);
  return { nodes, dependencies, weights, edgeCount, layerCount };
}

interface Analysis {
  name: string;
  run: (workload: Workload, graph: DependencyGraph) => unknown;
}

const ANALYSES: Analysis[] = [
  { name: 'buildDependencyGraph', run: (w) => buildDependencyGraph(w.nodes, (_, i) => w.dependencies[i]) },
  { name: 'topologicalOrder', run: (_, g) => topologicalOrder(g) },
  { name: 'findCycles', run: (_, g) => findCycles(g) },
  { name: 'layers', run: (_, g) => layers(g) },
  { name: 'bottomLevels', run: (w, g) => bottomLevels(g, w.weights) },
  { name: 'criticalPath', run: (w, g) => criticalPath(g, w.weights) },
  { name: 'lowerBound', run: (w, g) => lowerBound(g, w.weights, CONCURRENCY) },
  { name: 'transitiveDependents (root)', run: (_, g) => transitiveDependents(g, 0) },
  { name: 'selectWithDependencies (sink)', run: (_, g) => selectWithDependencies(g, [g.keys[g.size - 1]]) },
];

function repetitionsFor(n: number): number {
  return n <= 100 ? 200 : n <= 1_000 ? 50 : 15;
}

interface Measurement {
  workload: Workload;
  /** Median ms per analysis, in `ANALYSES` order. */
  medians: number[];
  /** The first run of all analyses on this size; sizes run in ascending order, so only the smallest meets a cold JIT. */
  coldTotal: number;
}

function measure(n: number): Measurement {
  const workload = layeredDag(n, 0xba70 + n);
  const { graph } = buildDependencyGraph(workload.nodes, (_, i) => workload.dependencies[i]);
  const samples = ANALYSES.map((): number[] => []);
  let coldTotal = 0;
  const repetitions = repetitionsFor(n);
  for (let r = 0; r < repetitions; r++) {
    ANALYSES.forEach((analysis, a) => {
      const start = performance.now();
      analysis.run(workload, graph);
      const elapsed = performance.now() - start;
      samples[a].push(elapsed);
      if (r === 0) coldTotal += elapsed;
    });
  }
  return { workload, medians: samples.map(median), coldTotal };
}

const ms = (value: number) => value.toFixed(3);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function table(measurements: Measurement[]): string[][] {
  const header = ['analysis', ...measurements.map((m) => `${m.workload.nodes.length.toLocaleString('en')} nodes (ms)`)];
  const shape = [
    'graph',
    ...measurements.map((m) => `${m.workload.edgeCount.toLocaleString('en')} edges, ${m.workload.layerCount} layers`),
  ];
  const rows = ANALYSES.map((analysis, a) => [analysis.name, ...measurements.map((m) => ms(m.medians[a]))]);
  const total = ['**total (sum of medians)**', ...measurements.map((m) => `**${ms(sum(m.medians))}**`)];
  const cold = ['first run (total)', ...measurements.map((m) => ms(m.coldTotal))];
  return [header, shape, ...rows, total, cold];
}

function main(): void {
  const measurements = SIZES.map(measure);
  const target = measurements.find((m) => m.workload.nodes.length === TARGET_NODES)!;
  const total = sum(target.medians);
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  const rows = table(measurements);
  writeBenchReport({
    name: 'graph',
    title: 'Dependency-graph engine benchmark',
    setting:
      `${os.cpus()[0]?.model ?? 'unknown CPU'}; seeded layered random DAGs, ${EDGES_PER_NODE} edges per node, random weights ` +
      `1–100, concurrency ${CONCURRENCY}, median of ` +
      `${SIZES.map((n) => `${repetitionsFor(n)} runs (${n.toLocaleString('en')})`).join(', ')}; ` +
      'sizes run smallest first, so only the first run of the smallest graph meets a cold JIT',
    rows: [
      judged(
        `All analyses of the ${TARGET_NODES.toLocaleString('en')}-node, ` +
          `${target.workload.edgeCount.toLocaleString('en')}-edge DAG, sum of medians`,
        total,
        { below: TARGET_MS },
        formats.ms,
        `${ms(target.coldTotal)} ms on its first run`,
      ),
    ],
    charts: [
      {
        kind: 'line',
        id: 'total',
        title: 'All analyses, sum of medians',
        xLabel: 'nodes',
        yLabel: 'ms',
        series: [{ name: 'total', points: measurements.map((m): [number, number] => [m.workload.nodes.length, sum(m.medians)]) }],
      },
    ],
    notes: [line(rows[0]), line(rows[0].map((_, c) => (c === 0 ? '---' : '---:'))), ...rows.slice(1).map(line)].join('\n'),
  });
}

main();

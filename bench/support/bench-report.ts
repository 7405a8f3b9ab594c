import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { svgChart, type Chart } from './svg-chart';

/** The bound a figure is held to: exactly one of the four comparisons. */
export type Target = { atMost: number } | { below: number } | { atLeast: number } | { above: number };

/** One line of a benchmark's report: what was measured, the result, its target and verdict, and how it was obtained. */
export interface MeasureRow {
  measure: string;
  result: string;
  /** Empty for a figure reported for information only. */
  target: string;
  verdict: 'PASS' | 'MISS' | '';
  detail: string;
}

/**
 * A figure held to a target: the result and the bound are written with the same `format`, and the verdict says
 * whether the value meets the bound. Example: `judged('Speedup at N=4', 3.95, { atLeast: 3.9 }, times, '…')`.
 */
export function judged(measure: string, value: number, target: Target, format: (value: number) => string, detail = ''): MeasureRow {
  const [symbol, bound, met] =
    'atMost' in target
      ? ['≤', target.atMost, value <= target.atMost]
      : 'below' in target
        ? ['<', target.below, value < target.below]
        : 'atLeast' in target
          ? ['≥', target.atLeast, value >= target.atLeast]
          : ['>', target.above, value > target.above];
  return { measure, result: format(value), target: `${symbol} ${format(bound)}`, verdict: met ? 'PASS' : 'MISS', detail };
}

/** A figure reported for information, held to no target. */
export function informative(measure: string, result: string, detail = ''): MeasureRow {
  return { measure, result, target: '', verdict: '', detail };
}

/** Formats shared by the benches. */
export const formats = {
  seconds: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  ms: (ms: number) => `${ms.toFixed(1)} ms`,
  /** Whole milliseconds, a tenth below 10 ms: for latencies of a page or an API. */
  roundMs: (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`,
  times: (value: number) => `${value.toFixed(2)}×`,
  ratio: (value: number) => value.toFixed(3),
  percent: (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`,
  share: (value: number) => `${value.toFixed(1)}%`,
  mb: (value: number) => `${value.toFixed(0)} MB`,
} as const;

/** One row as the console shows it: verdict, measure, result, target, detail. */
export function rowLine(row: MeasureRow): string {
  const verdict = row.verdict === '' ? '    ' : row.verdict;
  return (
    `${verdict}  ${row.measure}: ${row.result}${row.target === '' ? '' : ` (target ${row.target})`}` +
    (row.detail === '' ? '' : ` · ${row.detail}`)
  );
}

export interface BenchReport {
  /** The bench's name: `npm run bench:<name>` runs it and `bench/results/<name>.md` receives the report. */
  name: string;
  title: string;
  /** What it ran against, for the report's first sentence (server settings, sizes…); the machine and its load are added. */
  setting: string;
  rows: MeasureRow[];
  /** Written next to the report as `<name>-<id>.svg` and shown in it. */
  charts?: Chart[];
  /** Markdown after the table: further tables, caveats. */
  notes?: string;
}

/**
 * Prints a benchmark's figures with their targets and verdicts, and writes its Markdown report, with its charts as
 * SVG files beside it, to `bench/results/`.
 */
export function writeBenchReport({ name, title, setting, rows, charts = [], notes }: BenchReport): void {
  const folder = join(process.cwd(), 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const header = ['Measure', 'Result', 'Target', 'Verdict', 'Detail'];
  const lines = rows.map((row) => [row.measure, row.result, row.target, row.verdict === '' ? '' : `**${row.verdict}**`, row.detail]);
  const table = [header, header.map(() => '---'), ...lines].map((line) => `| ${line.join(' | ')} |`).join('\n');
  const misses = rows.filter((row) => row.verdict === 'MISS').length;
  const judgedCount = rows.filter((row) => row.verdict !== '').length;
  const summary = `${judgedCount - misses} of ${judgedCount} figures meet their target${misses === 0 ? '' : `; ${misses} MISS`}.`;
  const images = charts.map((chart) => {
    const file = `${name}-${chart.id}.svg`;
    writeFileSync(join(folder, file), svgChart(chart));
    return `![${chart.title}](${file})`;
  });
  // The machine may be shared: the load says how much the figures had to compete for the cores.
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(', ');
  const report =
    `# ${title}\n\nMeasured ${new Date().toISOString()} on ${process.platform}/${process.arch} with ${availableParallelism()} cores ` +
    `(load average at the end ${load}), Node ${process.version}, ${setting} (\`npm run bench:${name}\`).\n\n${summary}\n\n${table}\n` +
    (images.length === 0 ? '' : `\n${images.join('\n\n')}\n`) +
    (notes === undefined ? '' : `\n${notes.trim()}\n`);
  writeFileSync(join(folder, `${name}.md`), report);
  for (const row of rows) console.log(rowLine(row));
  console.log(`${summary} Load average at the end ${load}. Report: bench/results/${name}.md`);
}

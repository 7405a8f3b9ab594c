/** A line in a line chart; `dashed` for references such as the ideal. */
export interface LineSeries {
  name: string;
  points: [x: number, y: number][];
  dashed?: boolean;
}

/** A series of a bar chart: one value per group. */
export interface BarSeries {
  name: string;
  values: number[];
}

interface ChartBase {
  /** File name suffix: the chart is written as `<bench>-<id>.svg`. */
  id: string;
  title: string;
  yLabel: string;
}

/** Lines over a numeric x axis (speedup against N…), or bars grouped by label (wall-clock per tool per round…). */
export type Chart =
  | (ChartBase & { kind: 'line'; xLabel: string; series: LineSeries[] })
  | (ChartBase & { kind: 'bars'; groups: string[]; series: BarSeries[]; xLabel?: string });

const WIDTH = 800;
const HEIGHT = 360;
const PLOT = { left: 64, right: 240, top: 40, bottom: 56 };
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#64748b'];

/** A self-contained SVG of the chart: axes with round ticks, a legend, no scripts or external resources. */
export function svgChart(chart: Chart): string {
  const values =
    chart.kind === 'line' ? chart.series.flatMap((series) => series.points.map(([, y]) => y)) : chart.series.flatMap((s) => s.values);
  const yTicks = ticks(0, Math.max(...values, Number.MIN_VALUE));
  const yMax = yTicks[yTicks.length - 1];
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const y = (value: number) => PLOT.top + plotHeight - (value / yMax) * plotHeight;
  const parts: string[] = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    text(WIDTH / 2 - PLOT.right / 2, 24, chart.title, 'middle', 'font-size="15" font-weight="600"'),
    text(16, PLOT.top + plotHeight / 2, chart.yLabel, 'middle', `transform="rotate(-90 16 ${PLOT.top + plotHeight / 2})"`),
    ...yTicks.flatMap((tick) => [
      line(PLOT.left, y(tick), PLOT.left + plotWidth, y(tick), '#e5e7eb'),
      text(PLOT.left - 6, y(tick) + 4, label(tick), 'end'),
    ]),
  ];
  if (chart.kind === 'line') {
    const xs = chart.series.flatMap((series) => series.points.map(([x]) => x));
    const xTicks = ticks(Math.min(0, ...xs), Math.max(...xs));
    const [xMin, xMax] = [xTicks[0], xTicks[xTicks.length - 1]];
    const x = (value: number) => PLOT.left + ((value - xMin) / (xMax - xMin || 1)) * plotWidth;
    parts.push(...xTicks.map((tick) => text(x(tick), PLOT.top + plotHeight + 18, label(tick), 'middle')));
    parts.push(text(PLOT.left + plotWidth / 2, HEIGHT - 12, chart.xLabel, 'middle'));
    chart.series.forEach((series, index) => {
      const colour = COLOURS[index % COLOURS.length];
      const path = series.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
      parts.push(
        `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
        ...series.points.map(([px, py]) => `<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="3" fill="${colour}"/>`),
      );
    });
  } else {
    const groupWidth = plotWidth / chart.groups.length;
    const barWidth = (groupWidth * 0.8) / chart.series.length;
    // At most about 10 group labels, so that they never overlap.
    const labelEvery = Math.ceil(chart.groups.length / 10);
    if (chart.xLabel !== undefined) parts.push(text(PLOT.left + plotWidth / 2, HEIGHT - 12, chart.xLabel, 'middle'));
    chart.groups.forEach((group, groupIndex) => {
      const groupX = PLOT.left + groupIndex * groupWidth + groupWidth * 0.1;
      if (groupIndex % labelEvery === 0) parts.push(text(groupX + groupWidth * 0.4, PLOT.top + plotHeight + 18, group, 'middle'));
      chart.series.forEach((series, index) => {
        const value = series.values[groupIndex] ?? 0;
        parts.push(
          `<rect x="${(groupX + index * barWidth).toFixed(1)}" y="${y(value).toFixed(1)}" ` +
            `width="${Math.max(1, barWidth - 2).toFixed(1)}" ` +
            `height="${(PLOT.top + plotHeight - y(value)).toFixed(1)}" fill="${COLOURS[index % COLOURS.length]}"><title>` +
            `${escape(series.name)}, ${escape(group)}: ${label(value)}</title></rect>`,
        );
      });
    });
  }
  parts.push(line(PLOT.left, PLOT.top + plotHeight, PLOT.left + plotWidth, PLOT.top + plotHeight, '#111'));
  parts.push(line(PLOT.left, PLOT.top, PLOT.left, PLOT.top + plotHeight, '#111'));
  chart.series.forEach((series, index) => {
    const legendY = PLOT.top + 8 + index * 20;
    const legendX = WIDTH - PLOT.right + 16;
    const dashed = chart.kind === 'line' && (series as LineSeries).dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<line x1="${legendX}" y1="${legendY}" x2="${legendX + 20}" y2="${legendY}" stroke="${COLOURS[index % COLOURS.length]}" ` +
        `stroke-width="${chart.kind === 'line' ? 2 : 10}"${dashed}/>`,
      text(legendX + 26, legendY + 4, series.name, 'start'),
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
    `font-family="system-ui, sans-serif" font-size="12">\n${parts.join('\n')}\n</svg>\n`
  );
}

/** Round tick values from `min` to at least `max`: steps of 1, 2 or 5 times a power of ten, about five of them. */
function ticks(min: number, max: number): number[] {
  const span = max - min || 1;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw)!;
  const first = Math.floor(min / step) * step;
  const result: number[] = [];
  for (let tick = first; tick < max + step; tick += step) {
    result.push(Number(tick.toPrecision(12)));
    if (tick >= max) break;
  }
  return result;
}

const label = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 3 : 2));
const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const line = (x1: number, y1: number, x2: number, y2: number, stroke: string) =>
  `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${stroke}"/>`;
const text = (x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end', extra = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" ${extra}>${escape(content)}</text>`;

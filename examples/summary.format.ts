/** One line of an example's summary: a short label and its value, printed as an aligned column. */
export type SummaryLine = readonly [label: string, value: string];

/** The lines as text, values aligned after the longest label; an empty label continues the line above. */
export function formatSummary(lines: readonly SummaryLine[], indent = '  '): string {
  const width = Math.max(0, ...lines.map(([label]) => label.length));
  return lines.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`.trimEnd()).join('\n');
}

/** `850 ms` below a second, `2.41 s` from there. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

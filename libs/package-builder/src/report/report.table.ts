import type { BuildReport } from './build-report.types';
import { failures, PACKAGE_COLUMNS, packageRows, summaryLines } from './report.rows';

/** The build report as plain text for a terminal: a package table, the failures' output, the warnings, then the summary. */
export function reportToTable(report: BuildReport): string {
  const rows = [PACKAGE_COLUMNS, ...packageRows(report)];
  const widths = PACKAGE_COLUMNS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((text, column) => text.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const keyWidth = Math.max(...summaryLines(report).map(([key]) => key.length));
  return [
    line(rows[0]),
    line(widths.map((width) => '─'.repeat(width))),
    ...rows.slice(1).map(line),
    ...failures(report).flatMap((pkg) => ['', `✖ ${pkg.name}`, ...(pkg.error ?? '').split('\n').map((text) => `  ${text}`)]),
    ...(report.warnings ?? []).flatMap((warning) => ['', `⚠ ${warning}`]),
    '',
    ...summaryLines(report).map(([key, value]) => `${key.padEnd(keyWidth)}  ${value}`),
  ].join('\n');
}

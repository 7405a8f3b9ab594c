import type { BuildReport } from './build-report.types';
import { failures, PACKAGE_COLUMNS, packageRows, summaryLines } from './report.rows';

/** The build report as a Markdown document. */
export function reportToMarkdown(report: BuildReport): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const table = (rows: string[][]) => rows.map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
  const sections = [
    '# Build report',
    table([['', ''], ['---', '---'], ...summaryLines(report).map(([key, value]) => [`**${key}**`, value])]),
    ...(report.warnings === undefined ? [] : ['## Warnings', report.warnings.map((warning) => `- ${warning}`).join('\n')]),
    '## Packages',
    table([PACKAGE_COLUMNS, PACKAGE_COLUMNS.map(() => '---'), ...packageRows(report).map(linkLog(report))]),
    ...failures(report).flatMap((pkg) => [`## ${pkg.name} failed`, '```', pkg.error ?? '', '```']),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** The package's name links to its log (a path on the worker). */
function linkLog(report: BuildReport): (row: string[], index: number) => string[] {
  return ([name, ...rest], index) => {
    const { logPath } = report.packages[index];
    return [logPath === undefined ? name : `[${name}](<${logPath}>)`, ...rest];
  };
}

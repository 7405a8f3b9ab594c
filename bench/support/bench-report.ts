import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A measure of a benchmark: what was measured, the result, the target it is held to, and how it was obtained. */
export type MeasureRow = [measure: string, result: string, target: string, detail: string];

/** Prints a benchmark's Markdown report and writes it to `bench/results/<name>.md`. */
export function writeBenchReport(name: string, title: string, setting: string, rows: MeasureRow[]): void {
  const header: MeasureRow = ['Measure', 'Result', 'Target', 'Detail'];
  const table = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
  const report =
    `# ${title}\n\nMeasured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}, ` +
    `${setting} (\`npm run bench:${name}\`).\n\n${table}\n`;
  console.log(report);
  const folder = join(process.cwd(), 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}.md`), report);
}

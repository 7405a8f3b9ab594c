import type { BuildReport, PackageReport } from './build-report.types';

export const PACKAGE_COLUMNS = ['Package', 'Status', 'Start', 'Duration', 'Queued', 'Attempts', 'Note'];

/** The facts both the Markdown report and the terminal table show, as text. */
export function summaryLines(report: BuildReport): Array<[string, string]> {
  const { totals } = report;
  return [
    ['Workspace', report.workspace],
    [
      'Packages',
      `${totals.packages}: ${totals.succeeded} succeeded, ${totals.failed} failed, ${totals.blocked} blocked, ${totals.skipped} skipped`,
    ],
    ...cacheLine(report),
    ['Concurrency', String(report.concurrency)],
    ['Makespan', seconds(report.makespanMs)],
    [
      'Lower bound',
      `${seconds(report.lowerBoundMs)} = max(critical path ${seconds(report.criticalPath.durationMs)}, total ` +
        `work ${seconds(report.totalWorkMs)} / ${report.concurrency})`,
    ],
    ['Makespan / lower bound', report.makespanRatio.toFixed(3)],
    ['Critical path', `${report.criticalPath.packages.join(' → ')} (${seconds(report.criticalPath.durationMs)})`],
    [
      'Concurrency utilisation',
      `${(report.utilisation * 100).toFixed(1)}% of the time min(${report.concurrency}, ready) packages were building`,
    ],
  ];
}

/** "12 of 22": packages restored from the cache; absent when no package went through the cache. */
function cacheLine({ packages }: BuildReport): Array<[string, string]> {
  if (!packages.some((pkg) => pkg.cache !== undefined)) return [];
  return [['From cache', `${packages.filter((pkg) => pkg.cache === 'hit').length} of ${packages.length}`]];
}

export function packageRows(report: BuildReport): string[][] {
  const origin = report.startedAt === undefined ? 0 : Date.parse(report.startedAt);
  return report.packages.map((pkg) => [
    pkg.name,
    pkg.cache === 'hit' ? `${pkg.status} (cache)` : pkg.status,
    pkg.startedAt === undefined ? '' : `+${seconds(Date.parse(pkg.startedAt) - origin)}`,
    pkg.startedAt === undefined ? '' : seconds(pkg.durationMs),
    pkg.startedAt === undefined ? '' : seconds(pkg.queuedMs),
    String(pkg.attempts),
    noteOf(pkg),
  ]);
}

/** Failed packages with the end of their output. */
export function failures(report: BuildReport): PackageReport[] {
  return report.packages.filter((pkg) => pkg.status === 'failed');
}

function noteOf(pkg: PackageReport): string {
  if (pkg.status === 'blocked') {
    return `blocked by ${pkg.blockedBy}`;
  }
  return pkg.error?.split('\n')[0] ?? '';
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

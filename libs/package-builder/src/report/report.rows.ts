import type { BuildReport, OrchestrationOverhead, PackageReport } from './build-report.types';
import type { Distribution } from './distribution';

export const PACKAGE_COLUMNS = ['Package', 'Status', 'Start', 'Duration', 'Work', 'Queued', 'Attempts', 'Note'];

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
    ...(report.packagesOmitted === true ? [PACKAGES_OMITTED] : []),
    ['Makespan', seconds(report.makespanMs)],
    [
      'Lower bound',
      `${seconds(report.lowerBoundMs)} = max(critical path ${seconds(report.criticalPath.durationMs)}, total ` +
        `work ${seconds(report.totalWorkMs)} / ${report.concurrency}), from the scripts' own run times`,
    ],
    ['Makespan / lower bound', report.makespanRatio.toFixed(3)],
    ['Critical path', `${report.criticalPath.packages.join(' → ')} (${seconds(report.criticalPath.durationMs)})`],
    ...(report.overhead === undefined ? [] : overheadLines(report.overhead)),
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
    pkg.workMs === undefined ? '' : seconds(pkg.workMs),
    pkg.startedAt === undefined ? '' : seconds(pkg.queuedMs),
    String(pkg.attempts),
    noteOf(pkg),
  ]);
}

const PACKAGES_OMITTED: [string, string] = [
  'Package results',
  'not carried across continue-as-new (a very long history): read them from the execution’s items (GraphQL, CSV); ' +
    'the timing figures below are not computed',
];

/** Baton's own time around the scripts: where a build lost time that no scheduling could have saved. */
function overheadLines(overhead: OrchestrationOverhead): Array<[string, string]> {
  const spread = ({ medianMs, p95Ms, maxMs }: Distribution) => `median ${ms(medianMs)}, p95 ${ms(p95Ms)}, max ${ms(maxMs)}`;
  return [
    ['Overhead', `${seconds(overhead.totalMs)} of package time outside the scripts; ${ms(overhead.criticalPathMs)} on the critical path`],
    ['Overhead per package', spread(overhead.perPackage)],
    [
      'Dependency end → dependent start',
      `${spread(overhead.links)} (${overhead.links.count} link${overhead.links.count === 1 ? '' : 's'}, slot waits left out)`,
    ],
  ];
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

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

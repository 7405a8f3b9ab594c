import type { ItemStatus } from '@baton/orchestration/protocol';
import { packageLogUrl, type Api } from './api.client';
import { formatDuration } from './format';
import { STATUS_COLOURS } from './status.colours';

/** The fields of PackageBuilder's build report (`Execution.report`, see docs/package-builder.md) the panel shows. */
export interface BuildReport {
  makespanMs: number;
  lowerBoundMs: number;
  makespanRatio: number;
  criticalPath: { packages: string[]; durationMs: number };
  totalWorkMs: number;
  utilisation: number;
  packages: {
    name: string;
    status: ItemStatus;
    durationMs: number;
    blockedBy?: string;
    error?: string;
    /** `hit`: restored from the build cache instead of built. */
    cache?: 'hit' | 'miss';
    /** Set for packages that ran: their log, served by the API's log route. */
    logPath?: string;
  }[];
}

/** Only PackageBuilder writes a report of this shape; other workflows' reports are not drawn. */
export function isBuildReport(report: unknown): report is BuildReport {
  const value = report as Partial<BuildReport> | null;
  return typeof value?.makespanMs === 'number' && Array.isArray(value.packages) && Array.isArray(value.criticalPath?.packages);
}

/** Lines of a failure's output the panel shows: its end, where the error usually is. */
const ERROR_TAIL_LINES = 12;

export function ReportView({ api, executionId, report }: { api: Api; executionId: string; report: BuildReport }) {
  const sorted = [...report.packages].sort((a, b) => b.durationMs - a.durationMs);
  const longest = Math.max(1, ...sorted.map((pkg) => pkg.durationMs));
  const failed = report.packages.filter((pkg) => pkg.status === 'failed');
  const blocked = report.packages.filter((pkg) => pkg.status === 'blocked');
  const hits = report.packages.filter((pkg) => pkg.cache === 'hit').length;
  return (
    <div className="report">
      <dl className="figures">
        <dt>Makespan</dt>
        <dd data-figure="makespan">{formatDuration(report.makespanMs)}</dd>
        <dt>Lower bound</dt>
        <dd>{formatDuration(report.lowerBoundMs)}</dd>
        <dt>Ratio</dt>
        <dd data-figure="ratio">{report.makespanRatio.toFixed(2)}×</dd>
        <dt>Utilisation</dt>
        <dd>{(report.utilisation * 100).toFixed(0)}%</dd>
        <dt>Total work</dt>
        <dd>{formatDuration(report.totalWorkMs)}</dd>
        <dt>From cache</dt>
        <dd data-figure="cache-hits">
          {hits} of {report.packages.length}
        </dd>
      </dl>
      <p>
        Critical path ({formatDuration(report.criticalPath.durationMs)}): {report.criticalPath.packages.join(' → ')}
      </p>
      {failed.map((pkg) => (
        <div key={pkg.name} className="failure" data-package={pkg.name}>
          <h3>{pkg.name} failed</h3>
          <pre>{(pkg.error ?? '').split('\n').slice(-ERROR_TAIL_LINES).join('\n')}</pre>
        </div>
      ))}
      {blocked.length > 0 && (
        <ul className="blocked">
          {blocked.map((pkg) => (
            <li key={pkg.name} data-package={pkg.name}>
              {pkg.name}: blocked by {pkg.blockedBy ?? 'a failed dependency'}
            </li>
          ))}
        </ul>
      )}
      <table className="durations">
        <tbody>
          {sorted.map((pkg) => (
            <tr key={pkg.name} data-package={pkg.name} data-status={pkg.status}>
              <td>{pkg.name}</td>
              <td className="duration-bar">
                <div style={{ width: `${(pkg.durationMs / longest) * 100}%`, background: STATUS_COLOURS[pkg.status] }} />
              </td>
              <td>{formatDuration(pkg.durationMs)}</td>
              <td>{pkg.status}</td>
              <td>{pkg.cache === 'hit' && <span className="badge cache-hit">cache</span>}</td>
              <td>
                {pkg.logPath !== undefined && (
                  <a
                    className="log-link"
                    href={packageLogUrl(executionId, pkg.name)}
                    target="_blank"
                    rel="noopener"
                    onClick={(event) => api.openLog(event)}
                  >
                    log
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

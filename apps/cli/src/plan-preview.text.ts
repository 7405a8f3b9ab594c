import type { PlanPreview } from '@baton/package-builder';
import { formatDuration } from './progress/progress-figures';

/**
 * `baton build --dry-run`'s text: each package in start order with its lane and predicted start and end, then the
 * predicted time, the lower bound, the critical path, the packages without a recorded duration and the warnings.
 */
export function planPreviewText(workspace: string, preview: PlanPreview, warnings: readonly string[]): string {
  const runs = preview.packages.filter((pkg) => pkg.lane !== null).length;
  const noneRecorded = preview.unrecorded.length === runs;
  const rows = preview.packages.map(
    (pkg) =>
      `${formatDuration(pkg.startMs).padStart(10)}${formatDuration(pkg.finishMs).padStart(10)}  ${String(pkg.lane ?? '-').padStart(4)}  ` +
      `${pkg.id}${pkg.lane === null ? ' (nothing to run)' : pkg.recorded || noneRecorded ? '' : ' (no recorded duration)'}`,
  );
  const { bound, criticalPath, totalWork } = preview.lowerBound;
  return [
    `Plan for ${workspace}: ${preview.packages.length} packages, ${runs} to build, at most ${preview.concurrency} at once ` +
      '(dry run: nothing was built).',
    `${'start'.padStart(10)}${'end'.padStart(10)}  lane  package`,
    ...rows,
    '',
    ...(runs > 0 && noneRecorded
      ? ['No recorded durations yet (no earlier build of these packages): the order and lanes hold, the times show after a build.']
      : [
          `Predicted time: ${formatDuration(preview.makespanMs)} if every package takes its recorded duration.`,
          `Lower bound: ${formatDuration(bound)} (critical path ${formatDuration(criticalPath)}, ` +
            `total work ${formatDuration(totalWork)} over ${preview.concurrency} lanes): no schedule finishes sooner.`,
          `Critical path: ${preview.criticalPath.length === 0 ? '(none)' : preview.criticalPath.join(' → ')}`,
          ...(preview.unrecorded.length === 0
            ? []
            : [
                `No recorded duration for ${preview.unrecorded.length} of them, each assumed to take ` +
                  `${formatDuration(preview.assumedDurationMs)} (the mean of the others): ${preview.unrecorded.join(', ')}`,
              ]),
        ]),
    ...warnings.map((warning) => `⚠ ${warning}`),
    '',
  ].join('\n');
}

import type { Type } from '@nestjs/common';
import { ApiBatchWorkflow, type ApiBatchInput, type ApiBatchReport } from './api-batch/api-batch.workflow';
import { BulkEmailWorkflow, type BulkEmailInput, type BulkEmailReport } from './bulk-email/bulk-email.workflow';
import { DataMigrationWorkflow, type MigrationReport } from './data-migration/data-migration.workflow';
import type { LoopTiming } from './loop-timing';
import type { SummaryLine } from './summary.format';
import { UnknownExampleError } from './unknown-example.error';

/** Every example's workflow reports how its loop's items were timed, for the runner's speedup line. */
export interface TimedReport {
  timing: LoopTiming;
}

export interface Example<TInput = unknown, TReport extends TimedReport = TimedReport> {
  /** What to pass to `run-examples.js` to run this one. */
  name: string;
  description: string;
  workflow: Type<unknown>;
  input: TInput;
  /** The workflow's result as label/value lines (the runner adds the timing lines). */
  summarize(report: TReport): SummaryLine[];
}

export const bulkEmailExample: Example<BulkEmailInput, BulkEmailReport> = {
  name: 'bulk-email',
  description: 'Sends a campaign to 100 recipients one at a time (concurrency 1); 4 mistyped addresses fail, the other 96 still go out.',
  workflow: BulkEmailWorkflow,
  input: { campaign: 'spring-sale', recipients: 100 },
  summarize: (report) => [
    ['recipients', `${report.total}`],
    ['sent', `${report.sent}`],
    ['failed', `${report.failed}`],
    ...report.failures.map(({ error }): SummaryLine => ['', error]),
  ],
};

export const dataMigrationExample: Example<undefined, MigrationReport> = {
  name: 'data-migration',
  description: 'Migrates 1,000 legacy customer rows to a new CRM, 10 writes at a time, then verifies counts and checksums.',
  workflow: DataMigrationWorkflow,
  input: undefined,
  summarize: (report) => [
    ['source rows', `${report.sourceCount}`],
    ['migrated', `${report.migrated} (${report.failed} failed)`],
    ['target rows', `${report.targetCount}`],
    ['checksum', `${report.checksum.slice(0, 16)}… (target matches source)`],
  ],
};

export const apiBatchExample: Example<ApiBatchInput, ApiBatchReport> = {
  name: 'api-batch',
  description: 'Fetches 500 orders from a flaky API, 5 calls at a time: 503s are retried with backoff (3 attempts), 404s are not retried.',
  workflow: ApiBatchWorkflow,
  input: { orders: 500 },
  summarize: (report) => {
    const attemptCounts = [...new Set(report.retried.map((call) => call.attempts))].sort((a, b) => a - b);
    const retriedBy = attemptCounts.map(
      (attempts) => `${report.retried.filter((call) => call.attempts === attempts).length} made ${attempts} attempts`,
    );
    return [
      ['calls', `${report.total}`],
      ['succeeded', `${report.succeeded}`],
      ['failed', `${report.failed}`],
      ...report.failures.map(({ id, attempts, error }): SummaryLine => [
        '',
        `order ${id}: ${error} after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
      ]),
      ['total attempts', `${report.totalAttempts} (${report.totalAttempts - report.total} retries)`],
      ['retried items', report.retried.length === 0 ? '0' : `${report.retried.length} (${retriedBy.join(', ')})`],
    ];
  },
};

export const EXAMPLES: readonly Example[] = [bulkEmailExample, dataMigrationExample, apiBatchExample];

/** The examples named, in catalog order; all of them when no name is given. */
export function selectExamples(names: readonly string[]): Example[] {
  const known = EXAMPLES.map((example) => example.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UnknownExampleError(unknown, known);
  }
  return EXAMPLES.filter((example) => names.length === 0 || names.includes(example.name));
}

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { BuildReport } from '@baton/package-builder';
import type { BuildEvent } from '../../apps/cli/src/progress/build-events';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { cliEnvironment, runCli, Terminal } from './cli-process';

const ESC = '\x1b';
const HEADER = /(\d+)\/(\d+) packages {2}\d+%/;
const LANE = /^ {2}lane (\d+) {2}(\S+)/;

describe('build-workspace in a terminal, in a pipe and as JSON (real CLI, real Temporal)', () => {
  let fixtures: string;
  let env: Record<string, string>;
  const terminal = new Terminal();

  beforeAll(() => {
    fixtures = copyPackageBuilderFixtures('baton-cli-terminal-');
    env = cliEnvironment(mkdtempSync(join(tmpdir(), 'baton-cli-home-')));
  });

  afterAll(async () => {
    await terminal.close();
  });

  it('under a real pseudo-terminal: lanes redrawn in place, at most 4 busy, the header reaching the total, the report last', async () => {
    await terminal.start('tty', fixtures, ['build', join(fixtures, 'monorepo'), '--concurrency', '4'], env);

    let maxBusy = 0;
    let maxLane = 0;
    const counts: number[] = [];
    const totals = new Set<number>();
    let screen = '';
    const deadline = Date.now() + 60_000;
    while (!screen.includes('__EXIT__=') && Date.now() < deadline) {
      screen = await terminal.screen('tty');
      const lanes = screen
        .split('\n')
        .map((line) => LANE.exec(line))
        .filter((lane) => lane !== null);
      const busy = lanes.filter((lane) => lane[2] !== 'idle');
      maxBusy = Math.max(maxBusy, busy.length);
      maxLane = Math.max(maxLane, ...lanes.map((lane) => Number(lane[1])));
      assert.equal(new Set(busy.map((lane) => lane[2])).size, busy.length, `a package in two lanes:\n${screen}`);
      const header = HEADER.exec(screen);
      if (header !== null) {
        counts.push(Number(header[1]));
        totals.add(Number(header[2]));
      }
      await sleep(100);
    }
    const all = await terminal.history('tty');
    assert.match(all, /__EXIT__=0/, all);
    assert.ok(maxBusy >= 2 && maxBusy <= 4, `busy lanes at most ${maxBusy}`);
    assert.equal(maxLane, 4);
    assert.deepEqual([...totals], [22]);
    assert.ok(
      counts.length > 5 && counts.every((count, index) => index === 0 || count >= counts[index - 1]),
      `done never goes back: ${counts.join(' ')}`,
    );

    const lines = all.split('\n');
    const reportStart = lines.findIndex((line) => /^Package\s+Status\s+Start/.test(line));
    assert.ok(reportStart > 0, all);
    // The final frame stays above the report; no frame, lane or header is drawn after it.
    const before = lines.slice(0, reportStart);
    assert.match(
      before.findLast((line) => HEADER.test(line))!,
      /22\/22 packages {2}100%/,
    );
    assert.equal(before.filter((line) => HEADER.test(line)).length, 1, 'one frame, redrawn in place');
    const after = lines.slice(reportStart);
    assert.ok(!after.some((line) => HEADER.test(line) || LANE.test(line) || line.startsWith('Planning')), all);
    assert.match(
      after.join('\n'),
      /Packages\s+22: 20 succeeded, 0 failed, 0 blocked, 2 skipped[\s\S]*Concurrency utilisation.*\n+__EXIT__=0/,
    );
  });

  it('--ui json: every line a JSON event, each package’s events as its report status implies', async () => {
    const { code, stdout, stderr } = await runCli(
      // @acme/cache fails; @acme/auth and @acme/api-client above it are blocked.
      ['build', join(fixtures, 'monorepo-failing'), '--filter', '@acme/api-client...', '--concurrency', '4', '--ui', 'json'],
      env,
    );
    assert.equal(code, 1, stderr);
    const events = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as BuildEvent);
    assert.equal(events[0].event, 'run');
    const last = events.at(-1)!;
    assert.equal(last.event, 'report');
    const { report } = last as { report: BuildReport };
    assert.deepEqual([report.totals.failed, report.totals.blocked], [1, 2]);
    for (const pkg of report.packages) {
      const own = events.filter((event) => 'package' in event && event.package === pkg.name).map((event) => event.event);
      assert.deepEqual(own, pkg.status === 'succeeded' || pkg.status === 'failed' ? ['started', pkg.status] : [pkg.status], pkg.name);
    }
    assert.ok(events.every((event) => !Number.isNaN(Date.parse(event.at))));
    const lanes = events.flatMap((event) => (event.event === 'started' && event.lane !== undefined ? [event.lane] : []));
    assert.ok(lanes.length > 0 && lanes.every((lane) => lane >= 1 && lane <= 4));
    const progress = events.filter((event) => event.event === 'progress');
    assert.ok(progress.every((event) => event.lanes.filter((lane) => lane !== null).length <= 4));
    assert.deepEqual(
      [progress.at(-1)!.done, progress.at(-1)!.failed, progress.at(-1)!.blocked],
      [report.totals.packages, 1, report.totals.blocked],
    );
  });

  it('--ui plain: appended lines without escape codes, a line for each package, the report last', async () => {
    const { code, stdout, stderr } = await runCli(
      ['build', join(fixtures, 'monorepo'), '--filter', '@acme/events...', '--ui', 'plain'],
      env,
    );
    assert.equal(code, 0, stderr);
    assert.ok(!stdout.includes(ESC));
    assert.match(stdout, /^PackageBuilder \S+$/m);
    const report = /\nPackage\s+Status[\s\S]*$/.exec(stdout)![0];
    const built = [...report.matchAll(/^(@acme\/\S+)\s+succeeded/gm)].map((match) => match[1]);
    assert.ok(built.length >= 3);
    for (const name of built) {
      assert.match(stdout, new RegExp(`^started {4}${name}`, 'm'));
      assert.match(stdout, new RegExp(`^succeeded {2}${name}$`, 'm'));
    }
    assert.match(stdout.slice(0, stdout.length - report.length), /\d+\/\d+ packages {2}100%/);
  });

  it('refuses an unknown --ui with the usage, before starting anything', async () => {
    const { code, stderr } = await runCli(['build', 'monorepo', '--ui', 'fancy'], env);
    assert.equal(code, 2);
    assert.match(stderr, /^--ui must be one of tty, plain, json .*got "fancy"\.\nUsage: baton build .*--ui tty\|plain\|json/);
  });
});

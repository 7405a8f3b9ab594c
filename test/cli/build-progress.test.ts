import assert from 'node:assert/strict';
import { stripVTControlCharacters } from 'node:util';
import { describe, it } from '@jest/globals';
import type { GraphNodeStatus } from '@baton/orchestration';
import { reportToTable, type BuildReport, type PackageReport } from '@baton/package-builder';
import type { BuildEvent } from '../../apps/cli/src/progress/build-events';
import { buildFrame, headerLine, laneLines, legendLine } from '../../apps/cli/src/progress/build-frame.renderer';
import { BuildTracker, type BuildSnapshot } from '../../apps/cli/src/progress/build-tracker';
import { jsonView } from '../../apps/cli/src/progress/json.view';
import { assignLanes } from '../../apps/cli/src/progress/lane-assignment';
import { AppendOnlyView, PROGRESS_EVERY_MS } from '../../apps/cli/src/progress/plain.view';
import { progressFigures } from '../../apps/cli/src/progress/progress-figures';
import { pollProgress, type Look } from '../../apps/cli/src/progress/progress.poller';
import { remainingWork, type UnfinishedPackage } from '../../apps/cli/src/progress/remaining-work';
import { TtyView } from '../../apps/cli/src/progress/tty.view';
import { defaultUiMode, isUiMode } from '../../apps/cli/src/progress/ui-mode';
import { uiOptionMessage } from '../../apps/cli/src/cli.messages';

const ESC = '\x1b';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const LOOP = { concurrency: 2, startedAt: T0 + 1_000, paused: false };

function snapshot(seconds: number, statuses: Record<string, GraphNodeStatus>): BuildSnapshot {
  return { at: T0 + seconds * 1000, loop: LOOP, items: Object.entries(statuses).map(([key, status]) => ({ key, status })) };
}

/** a → c, b → d; `skip` has no build script; d fails late and blocks e. */
const SNAPSHOTS: BuildSnapshot[] = [
  { at: T0 + 500, items: [] },
  snapshot(1, { skip: 'skipped', a: 'running', b: 'running', c: 'pending', d: 'pending', e: 'pending' }),
  snapshot(3, { skip: 'skipped', a: 'succeeded', b: 'running', c: 'running', d: 'pending', e: 'pending' }),
  // b ended and d started and ended between two looks.
  snapshot(5, { skip: 'skipped', a: 'succeeded', b: 'succeeded', c: 'running', d: 'failed', e: 'blocked' }),
];

function packageReport(name: string, status: PackageReport['status']): PackageReport {
  return { name, status, durationMs: 1000, queuedMs: 0, attempts: status === 'succeeded' || status === 'failed' ? 1 : 0 };
}

const REPORT: BuildReport = {
  workspace: '/w',
  concurrency: 2,
  totals: { packages: 6, succeeded: 3, failed: 1, blocked: 1, skipped: 1 },
  makespanMs: 6000,
  lowerBoundMs: 5000,
  makespanRatio: 1.2,
  criticalPath: { packages: ['a', 'c'], durationMs: 5000 },
  totalWorkMs: 8000,
  utilisation: 0.9,
  packages: [
    packageReport('skip', 'skipped'),
    packageReport('a', 'succeeded'),
    packageReport('b', 'succeeded'),
    { ...packageReport('c', 'succeeded'), finishedAt: '2026-01-01T00:00:06.000Z' },
    // A script's coloured output ends up in the error tail.
    { ...packageReport('d', 'failed'), error: 'exited with code 1. Last output:\n\x1b[31merror TS2322\x1b[39m' },
    { ...packageReport('e', 'blocked'), blockedBy: 'd' },
  ],
};

const brief = (events: readonly BuildEvent[]) =>
  events.map((event) => ('package' in event ? `${event.event} ${event.package}` : event.event));

class Captured {
  text = '';
  columns = 60;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('build-workspace progress: lanes', () => {
  it.each([
    { previous: [], running: ['a', 'b'], concurrency: 4, lanes: ['a', 'b', undefined, undefined] },
    { previous: ['a', 'b', 'c'], running: ['c', 'a'], concurrency: 3, lanes: ['a', undefined, 'c'] },
    { previous: ['a', undefined, 'c'], running: ['a', 'c', 'd', 'e'], concurrency: 3, lanes: ['a', 'd', 'c', 'e'] },
    // The window went down to 2 while 3 build: nobody moves; the lane above goes away once it is idle.
    { previous: ['a', 'b', 'c'], running: ['a', 'b', 'c'], concurrency: 2, lanes: ['a', 'b', 'c'] },
    { previous: ['a', 'b', 'c'], running: ['a', 'b'], concurrency: 2, lanes: ['a', 'b'] },
    { previous: ['a', 'b', 'c'], running: ['c'], concurrency: 2, lanes: [undefined, undefined, 'c'] },
  ])('keeps each package in its lane and fills freed lanes: $running on $previous', ({ previous, running, concurrency, lanes }) => {
    assert.deepEqual(assignLanes(previous, running, concurrency), lanes);
  });
});

describe('build-workspace progress: header arithmetic', () => {
  const counts = { succeeded: 4, failed: 1, blocked: 0, skipped: 5, running: 2 };

  it('counts skipped packages as done but not in the rate, so they do not shorten the ETA', () => {
    const figures = progressFigures({ counts, total: 20, concurrency: 4, startedAt: T0, loopStartedAt: T0 + 2_000, now: T0 + 12_000 });
    assert.equal(figures.done, 10);
    assert.equal(figures.percent, 50);
    assert.equal(figures.ratePerSecond, 0.5);
    assert.equal(figures.etaMs, 20_000);
    assert.equal(figures.elapsedMs, 12_000);
    assert.equal(
      headerLine(figures),
      '[████████████░░░░░░░░░░░░] 10/20 packages  50%  0.5 packages/s  ETA 20.0 s  12.0 s elapsed  4 at a time',
    );
  });

  it('shrinks the bar to fit the width, and drops it before cutting a figure', () => {
    const figures = progressFigures({ counts, total: 20, concurrency: 4, startedAt: T0, loopStartedAt: T0 + 2_000, now: T0 + 12_000 });
    const text = '10/20 packages  50%  0.5 packages/s  ETA 20.0 s  12.0 s elapsed  4 at a time';
    assert.equal(headerLine(figures, false, text.length + 13), `[█████░░░░░] ${text}`);
    assert.equal(headerLine(figures, false, text.length + 10), text);
    assert.equal(headerLine(figures, true, 200), `[████████████░░░░░░░░░░░░] ${text.replace('4 at a time', 'paused (4 at a time)')}`);
  });

  it('has no ETA before a package was built, and 0 once all are done', () => {
    const none = { succeeded: 0, failed: 0, blocked: 0, skipped: 3, running: 4 };
    assert.equal(
      progressFigures({ counts: none, total: 9, concurrency: 4, startedAt: T0, loopStartedAt: T0, now: T0 + 5000 }).etaMs,
      undefined,
    );
    assert.match(headerLine(progressFigures({ counts: none, total: 9, concurrency: 4, startedAt: T0, now: T0 })), /ETA —/);
    const all = { ...none, skipped: 0, succeeded: 9, running: 0 };
    const done = progressFigures({ counts: all, total: 9, concurrency: 4, startedAt: T0, loopStartedAt: T0, now: T0 + 3000 });
    assert.deepEqual([done.percent, done.etaMs, done.ratePerSecond], [100, 0, 3]);
    assert.equal(
      progressFigures({ counts: { ...none, skipped: 0, running: 0 }, total: 0, concurrency: 1, startedAt: T0, now: T0 }).percent,
      100,
    );
  });

  it('draws one line per lane with the package and its time, idle lanes, and the legend', () => {
    assert.deepEqual(laneLines([{ package: '@acme/web', elapsedMs: 1200 }, {}, { package: 'ui', elapsedMs: 90_500 }]), [
      '  lane 1  @acme/web  1.2 s',
      '  lane 2  idle',
      '  lane 3  ui         1 min 31 s',
    ]);
    assert.equal(
      legendLine({ ...progressFigures({ counts, total: 20, concurrency: 4, startedAt: T0, now: T0 }) }),
      '4 succeeded · 1 failed · 0 blocked · 5 skipped',
    );
  });
});

describe('build-workspace progress: ETA from the work left', () => {
  it('takes the longer of the remaining chain and the remaining work over the window, from unfinished packages only', () => {
    const packages = new Map<string, UnfinishedPackage>([
      ['built', { status: 'succeeded', dependsOn: [] }],
      ['skip', { status: 'skipped', dependsOn: [] }],
      ['b', { status: 'running', dependsOn: ['built'], elapsedMs: 4_000 }],
      ['c', { status: 'pending', dependsOn: ['b', 'skip'] }],
      ['d', { status: 'pending', dependsOn: [] }],
    ]);
    assert.deepEqual(remainingWork(packages, 10_000), { chainMs: 16_000, workMs: 26_000 });
    assert.deepEqual(remainingWork(new Map([['x', { status: 'blocked', dependsOn: [] }]]), 10_000), { chainMs: 0, workMs: 0 });
  });

  it('gives the same ETA however many packages were skipped: they are no work done', () => {
    // a (10 s) → b → c, and d on its own; `skipped` packages have no build script.
    const eta = (skipped: number) => {
      const tracker = new BuildTracker(T0);
      const skips = Object.fromEntries(Array.from({ length: skipped }, (_, i) => [`skip-${i}`, 'skipped' as const]));
      const look = (seconds: number, statuses: Record<string, GraphNodeStatus>): BuildSnapshot => ({
        ...snapshot(seconds, { ...skips, ...statuses }),
        loop: { ...LOOP, concurrency: 4 },
        items: Object.entries({ ...skips, ...statuses }).map(([key, status]) => ({
          key,
          status,
          dependsOn: ({ b: ['a'], c: ['b'] } as Record<string, string[]>)[key] ?? [],
        })),
      });
      tracker.apply(look(1, { a: 'running', b: 'pending', c: 'pending', d: 'pending' }));
      tracker.apply(look(11, { a: 'succeeded', b: 'running', c: 'pending', d: 'running' }));
      tracker.apply(look(15, { a: 'succeeded', b: 'running', c: 'pending', d: 'running' }));
      return tracker.figures().etaMs;
    };
    // b has 6 s left, then c 10 s; d's 6 s run beside them.
    assert.equal(eta(0), 16_000);
    assert.equal(eta(30), 16_000);
  });
});

describe('build-workspace progress: events from snapshots', () => {
  function follow() {
    const tracker = new BuildTracker(T0);
    const batches = SNAPSHOTS.map((next) => tracker.apply(next));
    return { tracker, batches, settled: tracker.settle(REPORT, T0 + 7000) };
  }

  it('turns status changes into started and ended events, starts with their lane, and the report fills in what the looks missed', () => {
    const { batches, settled } = follow();
    assert.deepEqual(batches.map(brief), [
      [],
      ['skipped skip', 'started a', 'started b'],
      ['succeeded a', 'started c'],
      ['succeeded b', 'started d', 'failed d', 'blocked e'],
    ]);
    assert.deepEqual(
      batches[1].filter((event) => event.event === 'started'),
      [
        { event: 'started', at: '2026-01-01T00:00:01.000Z', package: 'a', lane: 1 },
        { event: 'started', at: '2026-01-01T00:00:01.000Z', package: 'b', lane: 2 },
      ],
    );
    // c takes a's freed lane; d ran unseen, with no lane.
    assert.deepEqual(batches[2][1], { event: 'started', at: '2026-01-01T00:00:03.000Z', package: 'c', lane: 1 });
    assert.equal('lane' in batches[3][1], false);
    assert.deepEqual(settled, [{ event: 'succeeded', at: '2026-01-01T00:00:06.000Z', package: 'c' }]);
  });

  it('gives every package the events its report status implies, once', () => {
    const { batches, settled } = follow();
    const events = [...batches.flat(), ...settled];
    for (const pkg of REPORT.packages) {
      const own = events.filter((event) => 'package' in event && event.package === pkg.name).map((event) => event.event);
      assert.deepEqual(own, pkg.status === 'succeeded' || pkg.status === 'failed' ? ['started', pkg.status] : [pkg.status], pkg.name);
    }
  });

  it('follows lanes, counts and the window through the run', () => {
    const tracker = new BuildTracker(T0);
    tracker.apply(SNAPSHOTS[0]);
    assert.equal(tracker.planning, true);
    assert.deepEqual(buildFrame(tracker.figures(), tracker.laneStates(), { planning: true }), ['Planning: reading the workspace… 0.5 s']);
    tracker.apply(SNAPSHOTS[1]);
    tracker.apply(SNAPSHOTS[2]);
    assert.deepEqual(tracker.laneStates(), [
      { package: 'c', elapsedMs: 0 },
      { package: 'b', elapsedMs: 2000 },
    ]);
    assert.deepEqual(tracker.progressEvent(), {
      event: 'progress',
      at: '2026-01-01T00:00:03.000Z',
      succeeded: 1,
      failed: 0,
      blocked: 0,
      skipped: 1,
      running: 2,
      done: 2,
      total: 6,
      percent: 33,
      ratePerSecond: 0.5,
      // a took 2 s: c (just started) 2 s, d and e 2 s each, b nothing left: 6 s of work over 2 lanes.
      etaMs: 3000,
      elapsedMs: 3000,
      concurrency: 2,
      lanes: ['c', 'b'],
    });
    tracker.apply(SNAPSHOTS[3]);
    tracker.settle(REPORT, T0 + 7000);
    assert.deepEqual(tracker.laneStates(), [{}, {}]);
    assert.equal(tracker.figures().done, 6);
  });
});

describe('build-workspace progress: views', () => {
  function run(view: { update: AppendOnlyView['update']; finish: AppendOnlyView['finish'] }) {
    const tracker = new BuildTracker(T0);
    for (const next of SNAPSHOTS) view.update(tracker.apply(next), tracker);
    view.finish(tracker.settle(REPORT, T0 + 7000), tracker, REPORT);
    // A poll answered after the report draws nothing.
    view.update(tracker.apply(snapshot(8, { a: 'running' })), tracker);
  }

  it('plain: appended lines for starts and ends, progress every few seconds, the report last, and no escape codes', () => {
    const out = new Captured();
    run(new AppendOnlyView(out));
    const lines = out.text.split('\n');
    assert.deepEqual(
      lines.filter((line) => /^(started|succeeded|failed|blocked|skipped) /.test(line)),
      [
        'skipped    skip',
        'started    a  (lane 1)',
        'started    b  (lane 2)',
        'succeeded  a',
        'started    c  (lane 1)',
        'succeeded  b',
        'started    d',
        'failed     d',
        'blocked    e',
        'succeeded  c',
      ],
    );
    // Progress at 1 s, then 3 s (PROGRESS_EVERY_MS later), 5 s, and the final one.
    assert.equal(PROGRESS_EVERY_MS, 2000);
    assert.deepEqual(
      lines.filter((line) => line.startsWith('[')).map((line) => /\d+\/\d+/.exec(line)![0]),
      ['1/6', '2/6', '5/6', '6/6'],
    );
    assert.ok(lines.includes('3 succeeded · 1 failed · 1 blocked · 1 skipped'));
    assert.match(lines.at(-2)!, /^Concurrency utilisation/);
    assert.ok(lines.includes('  error TS2322'));
    assert.ok(!out.text.includes(ESC));
  });

  it('json: one event a line, every line valid JSON, the report last', () => {
    const out = new Captured();
    const notes = new Captured();
    const view = jsonView(out, notes);
    view.run({ event: 'run', at: new Date(T0).toISOString(), workflowId: 'PackageBuilder-1' });
    run(view);
    view.note('JSON report written to x.json');
    const events = out.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as BuildEvent);
    assert.equal(events[0].event, 'run');
    assert.equal(events.at(-1)!.event, 'report');
    assert.deepEqual(events.at(-1), { event: 'report', at: (events.at(-1) as { at: string }).at, report: REPORT });
    assert.deepEqual(
      events.filter((event) => event.event === 'progress').map((event) => (event as { done: number }).done),
      [1, 2, 5, 6],
    );
    assert.ok(events.every((event) => typeof event.at === 'string' && !Number.isNaN(Date.parse(event.at))));
    assert.equal(notes.text, 'JSON report written to x.json\n');
  });

  it('tty: redraws the frame in place, cut to the width, then the final frame and the report, and nothing after', () => {
    const out = new Captured();
    const view = new TtyView(out);
    run(view);
    const reportAt = out.text.indexOf('Package ');
    assert.ok(reportAt > 0);
    assert.doesNotMatch(out.text.slice(reportAt), new RegExp(`${ESC}\\[\\d+F|lane \\d`));
    // Each redraw goes back over the previous frame (planning: 1 line, then header + 2 lanes + legend).
    assert.deepEqual(
      [...out.text.matchAll(new RegExp(`${ESC}\\[(\\d+)F`, 'g'))].map((match) => match[1]),
      ['1', '4', '4', '4'],
    );
    assert.ok(
      out.text
        .slice(0, reportAt)
        .split('\n')
        .every((line) => stripVTControlCharacters(line).length <= 59),
    );
    // The final frame stays, cut to the width (60 columns: no room for the bar), then the report.
    const finalFrame = out.text.slice(0, reportAt).split(`${ESC}[J`).at(-1)!.split('\n');
    assert.match(finalFrame[0], /^6\/6 packages {2}100%/);
    assert.deepEqual(finalFrame.slice(1), ['  lane 1  idle', '  lane 2  idle', '3 succeeded · 1 failed · 1 blocked · 1 skipped', '', '']);
    assert.ok(out.text.endsWith(`\n\n${reportToTable(REPORT)}\n`));
  });
});

describe('build-workspace --ui', () => {
  it.each([
    { isTTY: true, env: {}, mode: 'tty' },
    { isTTY: true, env: { CI: 'true' }, mode: 'plain' },
    { isTTY: true, env: { CI: 'false' }, mode: 'tty' },
    { isTTY: false, env: {}, mode: 'plain' },
  ])('defaults to $mode when stdout is a TTY: $isTTY and the environment is $env', ({ isTTY, env, mode }) => {
    assert.equal(defaultUiMode(isTTY, env), mode);
  });

  it('accepts tty, plain and json, and says so otherwise', () => {
    assert.deepEqual(['tty', 'plain', 'json', 'fancy'].map(isUiMode), [true, true, true, false]);
    assert.equal(
      uiOptionMessage('fancy'),
      '--ui must be one of tty, plain, json (default: tty on a terminal, plain otherwise or when CI is set), got "fancy".',
    );
  });
});

describe('build-workspace progress: looks', () => {
  it('looks every 250 ms while packages start and end, twice as long after each look that found nothing new, up to 1 s', async () => {
    const found = [true, false, false, false, false, true, false];
    const waits: number[] = [];
    let applied = 0;
    let poller: { stop(): Promise<void> } | undefined;
    await new Promise<void>((resolve) => {
      poller = pollProgress(
        async () => () => {
          applied++;
          return found[waits.length] ?? false;
        },
        async (ms) => {
          waits.push(ms);
          if (waits.length === found.length) resolve();
        },
      );
    });
    await poller!.stop();
    assert.equal(waits.join(' '), '250 500 1000 1000 1000 250 500');
    assert.equal(applied, found.length);
  });

  it('applies nothing once stopped: a look answered after stop() draws nothing after the report', async () => {
    let answer: (look: Look) => void = () => {};
    let applied = 0;
    const poller = pollProgress(() => new Promise<Look>((resolve) => (answer = resolve)));
    await Promise.resolve();
    const stopped = poller.stop();
    answer(() => {
      applied++;
      return true;
    });
    await stopped;
    assert.equal(applied, 0);
  });
});

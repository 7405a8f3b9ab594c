import { describe, expect, it } from '@jest/globals';
import type { ItemResult, ItemStatus, LoopResult } from '@baton/orchestration';
import { buildReport } from '../src/report/build-report';
import { reportToMarkdown } from '../src/report/report.markdown';
import { packageRows, seconds, summaryLines } from '../src/report/report.rows';
import { reportToTable } from '../src/report/report.table';
import type { PackageBuildOutcome, PackagePlan } from '../src/workflows/build-input';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function plan(name: string, dependencies: string[] = []): PackagePlan {
  return {
    name,
    version: '1.0.0',
    dir: `/ws/packages/${name}`,
    relativeDir: `packages/${name}`,
    workspaceRoot: '/ws',
    packageManager: 'npm',
    dependencies,
    hasBuild: true,
    runTests: false,
    timeoutMs: 60_000,
  };
}

/** An item that ran: times are ms after T0, its duration is finish − start and its queue time start − ready. */
function ran(
  index: number,
  key: string,
  status: ItemStatus,
  ready: number,
  start: number,
  finish: number,
  extra: Partial<ItemResult<PackageBuildOutcome>> = {},
): ItemResult<PackageBuildOutcome> {
  return {
    index,
    key,
    status,
    attempts: 1,
    durationMs: finish - start,
    readyAt: at(ready),
    queuedMs: start - ready,
    startedAt: at(start),
    finishedAt: at(finish),
    preview: '{}',
    ...extra,
  };
}

/**
 * An item that succeeded and whose build script ran from `scriptStart` to `scriptEnd` (ms after T0) inside its
 * activity: the work is the script's, the rest of the activity's time is overhead.
 */
function built(index: number, key: string, ready: number, start: number, finish: number, scriptStart: number, scriptEnd: number) {
  const script = { script: 'build' as const, startedAt: T0 + scriptStart, endedAt: T0 + scriptEnd, durationMs: scriptEnd - scriptStart };
  return ran(index, key, 'succeeded', ready, start, finish, {
    result: { name: key, status: 'succeeded', buildMs: script.durationMs, scripts: [script] },
  });
}

function loopResult(concurrency: number, items: ItemResult<PackageBuildOutcome>[]): LoopResult<PackageBuildOutcome> {
  const count = (status: ItemStatus) => items.filter((item) => item.status === status).length;
  return {
    concurrency,
    total: items.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    blocked: count('blocked'),
    skipped: count('skipped'),
    items,
  };
}

describe('buildReport: a diamond built as fast as possible', () => {
  // a ← b, a ← c, {b, c} ← d, concurrency 2:
  //   a 0–100 (100), b 100–400 (300), c 100–300 (200), d 400–450 (50); nothing waits for a slot.
  // Makespan: first ready 0 → last finished 450 = 450.
  // Total work 100 + 300 + 200 + 50 = 650. Bottom levels: d 50, b 350, c 250, a 450: critical path a → b → d = 450.
  // Lower bound max(450, 650 / 2 = 325) = 450, so the ratio is 450 / 450 = 1.
  // Utilisation: [0,100) 1 ready, 1 running; [100,300) 2 and 2; [300,400) 1 and 1; [400,450) 1 and 1: always full.
  const report = buildReport(
    [plan('a'), plan('b', ['a']), plan('c', ['a']), plan('d', ['b', 'c'])],
    loopResult(2, [
      ran(0, 'a', 'succeeded', 0, 0, 100),
      ran(1, 'b', 'succeeded', 100, 100, 400),
      ran(2, 'c', 'succeeded', 100, 100, 300),
      ran(3, 'd', 'succeeded', 400, 400, 450),
    ]),
  );

  it('measures the makespan from the first ready package to the last finished one', () => {
    expect(report.makespanMs).toBe(450);
    expect(report.startedAt).toBe(at(0));
    expect(report.finishedAt).toBe(at(450));
  });

  it('finds the critical path, the total work, the lower bound and a ratio of 1', () => {
    expect(report.criticalPath).toEqual({ packages: ['a', 'b', 'd'], durationMs: 450 });
    expect(report.totalWorkMs).toBe(650);
    expect(report.lowerBoundMs).toBe(450);
    expect(report.makespanRatio).toBe(1);
    expect(report.utilisation).toBe(1);
  });

  it('reports no overhead where the scripts took all the activities’ time', () => {
    expect(report.overhead).toEqual({
      totalMs: 0,
      perPackage: { count: 4, medianMs: 0, p95Ms: 0, maxMs: 0 },
      links: { count: 3, medianMs: 0, p95Ms: 0, maxMs: 0 },
      criticalPathMs: 0,
    });
  });

  it('counts outcomes and keeps the workspace and window', () => {
    expect(report.totals).toEqual({ packages: 4, succeeded: 4, failed: 0, blocked: 0, skipped: 0 });
    expect(report.workspace).toBe('/ws');
    expect(report.concurrency).toBe(2);
  });
});

describe('buildReport: total work bounds a badly ordered schedule', () => {
  // Four independent packages, concurrency 2: a 100, b 200, c 300, d 200 (total 800).
  // Lower bound max(critical path 300 (c alone), 800 / 2 = 400) = 400.
  // The window ran a 0–100 and d 0–200, then b 100–300 and c 200–500: makespan 500, ratio 500 / 400 = 1.25.
  // Both slots stayed busy while 2 or more were ready ([0,300)), then 1 of 1 ([300,500)): utilisation 1 even so.
  // Queue times: b waited 100, c waited 200.
  const report = buildReport(
    [plan('a'), plan('b'), plan('c'), plan('d')],
    loopResult(2, [
      ran(0, 'a', 'succeeded', 0, 0, 100),
      ran(1, 'b', 'succeeded', 0, 100, 300),
      ran(2, 'c', 'succeeded', 0, 200, 500),
      ran(3, 'd', 'succeeded', 0, 0, 200),
    ]),
  );

  it('takes total work / concurrency as the bound when it exceeds the critical path', () => {
    expect(report.totalWorkMs).toBe(800);
    expect(report.criticalPath).toEqual({ packages: ['c'], durationMs: 300 });
    expect(report.lowerBoundMs).toBe(400);
    expect(report.makespanMs).toBe(500);
    expect(report.makespanRatio).toBe(1.25);
    expect(report.utilisation).toBe(1);
  });

  it("reports each package's queue time", () => {
    expect(report.packages.map((pkg) => [pkg.name, pkg.queuedMs])).toEqual([
      ['a', 0],
      ['b', 100],
      ['c', 200],
      ['d', 0],
    ]);
  });
});

describe("buildReport: the work is the scripts' own run time, Baton's time around it is overhead", () => {
  // The same diamond, concurrency 2, but each activity spends time outside its script:
  //   a: activity 0–200, script 50–150 (work 100, overhead 100)
  //   b: ready 200, activity 200–550, script 260–500 (work 240, overhead 110)
  //   c: ready 200, activity 200–400, script 220–380 (work 160, overhead 40)
  //   d: ready 550, activity 560–700, script 600–650 (work 50, overhead 90); queued 10 for a slot.
  // Work 100 + 240 + 160 + 50 = 550; critical path a → b → d = 390 (Baton's durations would have said 200 + 350 + 140).
  // Lower bound max(390, 550 / 2 = 275) = 390; makespan 0 → 700 = 700, ratio 700 / 390.
  // Links: b 260 − 150 = 110, c 220 − 150 = 70, d 600 − max(500, 380) − 10 queued = 90: median 90, p95 and max 110.
  // Per package overhead 100, 110, 40, 90: total 340, median 90 (nearest rank), p95 and max 110.
  // On the critical path: script end of d 650 − script start of a 50 − work 390 − d's 10 queued = 200.
  const report = buildReport(
    [plan('a'), plan('b', ['a']), plan('c', ['a']), plan('d', ['b', 'c'])],
    loopResult(2, [
      built(0, 'a', 0, 0, 200, 50, 150),
      built(1, 'b', 200, 200, 550, 260, 500),
      built(2, 'c', 200, 200, 400, 220, 380),
      built(3, 'd', 550, 560, 700, 600, 650),
    ]),
  );

  it('computes the bound and the critical path from the work alone', () => {
    expect(report.totalWorkMs).toBe(550);
    expect(report.criticalPath).toEqual({ packages: ['a', 'b', 'd'], durationMs: 390 });
    expect(report.lowerBoundMs).toBe(390);
    expect(report.makespanMs).toBe(700);
    expect(report.makespanRatio).toBeCloseTo(700 / 390, 12);
  });

  it('reports the overhead per package, per link and on the critical path', () => {
    expect(report.overhead).toEqual({
      totalMs: 340,
      perPackage: { count: 4, medianMs: 90, p95Ms: 110, maxMs: 110 },
      links: { count: 3, medianMs: 90, p95Ms: 110, maxMs: 110 },
      criticalPathMs: 200,
    });
    expect(report.packages.map((pkg) => [pkg.name, pkg.workMs, pkg.overheadMs, pkg.scriptsStartedAt, pkg.scriptsFinishedAt])).toEqual([
      ['a', 100, 100, at(50), at(150)],
      ['b', 240, 110, at(260), at(500)],
      ['c', 160, 40, at(220), at(380)],
      ['d', 50, 90, at(600), at(650)],
    ]);
  });

  it('prints the overhead after the critical path', () => {
    expect(summaryLines(report).slice(6)).toEqual([
      ['Critical path', 'a → b → d (0.39 s)'],
      ['Overhead', '0.34 s of package time outside the scripts; 200 ms on the critical path'],
      ['Overhead per package', 'median 90 ms, p95 110 ms, max 110 ms'],
      ['Dependency end → dependent start', 'median 90 ms, p95 110 ms, max 110 ms (3 links, slot waits left out)'],
      ['Concurrency utilisation', expect.stringMatching(/% of the time min\(2, ready\) packages were building$/)],
    ]);
  });
});

describe('buildReport: a failed run counts only the packages that ran', () => {
  // a ← f (fails after 300) ← g (blocked); a ← s (skipped, no script) ← t; h alone, never started (bail).
  // Packages that never ran (g, s, h) weigh nothing and are not on the critical path, whatever their estimates.
  //   a: script 0–100 (work 100); f: failed, activity 100–400 (no script times: its activity's 300 stands in);
  //   t: script 100–150 (work 50). Critical path a → f = 400; work 450; bound max(400, 450 / 2) = 400.
  const failed = ran(1, 'f', 'failed', 100, 100, 400, { error: 'The build script of "f" exited with code 1.' });
  const report = buildReport(
    [plan('a'), plan('f', ['a']), plan('g', ['f']), plan('s', ['a']), plan('t', ['s']), plan('h')],
    loopResult(2, [
      built(0, 'a', 0, 0, 100, 0, 100),
      failed,
      { index: 2, key: 'g', status: 'blocked', attempts: 0, durationMs: 0, blockedBy: 'f', preview: '{}' },
      ran(3, 's', 'skipped', 100, 100, 100, { attempts: 0, error: 'no build script' }),
      built(4, 't', 100, 100, 150, 100, 150),
      { index: 5, key: 'h', status: 'skipped', attempts: 0, durationMs: 0, error: 'not started (bail)', preview: '{}' },
    ]),
  );

  it('leaves blocked and skipped packages off the critical path and out of the work', () => {
    expect(report.criticalPath).toEqual({ packages: ['a', 'f'], durationMs: 400 });
    expect(report.totalWorkMs).toBe(450);
    expect(report.lowerBoundMs).toBe(400);
    expect(report.packages.filter((pkg) => pkg.workMs !== undefined).map((pkg) => pkg.name)).toEqual(['a', 'f', 't']);
  });

  it('never puts a package that did not run on the path, even where the chain through it is as heavy', () => {
    const onlyBlocked = buildReport(
      [plan('f'), plan('g', ['f'])],
      loopResult(1, [failed, { index: 1, key: 'g', status: 'blocked', attempts: 0, durationMs: 0, blockedBy: 'f', preview: '{}' }]),
    );
    expect(onlyBlocked.criticalPath).toEqual({ packages: ['f'], durationMs: 300 });
  });
});

describe('buildReport: failures, blocked and skipped packages, and an idle slot', () => {
  // Plan: x, y, s (skipped by skipIf), z ← x, w ← y, ghost (never reached the loop). Concurrency 2.
  //   x 0–200 (200) succeeded; y 0–100 (100) failed after 3 attempts; s skipped at 0 (0 ms, no slot);
  //   z ready at 200 but started at 250 (queued 50), 250–550 (300) succeeded; w blocked by y; ghost absent.
  // Makespan 0 → 550 = 550. Work 200 + 100 + 0 + 300 + 0 + 0 = 600.
  // Bottom levels: z 300, x 500, y 100, others 0: critical path x → z = 500.
  // Lower bound max(500, 600 / 2 = 300) = 500; ratio 550 / 500 = 1.1.
  // Utilisation over the started items (x, y, s, z):
  //   [0,100): ready or running x, y (s comes and goes at 0), running 2 = min(2, 2): full, 100
  //   [100,200): x only, running 1 = min(2, 1): full, 100
  //   [200,250): z ready, nothing running, 0 ≠ min(2, 1): idle, 50
  //   [250,550): z running: full, 300
  //   → 500 / 550.
  const loop = loopResult(2, [
    ran(0, 'x', 'succeeded', 0, 0, 200, { result: { name: 'x', status: 'succeeded', buildMs: 200 } }),
    ran(1, 'y', 'failed', 0, 0, 100, { attempts: 3, error: 'build failed\nsrc/index.ts(1,1): error TS1005 | pipe' }),
    ran(2, 's', 'skipped', 0, 0, 0, { attempts: 0, error: 'no build script' }),
    ran(3, 'z', 'succeeded', 200, 250, 550),
    {
      index: 4,
      key: 'w',
      status: 'blocked',
      attempts: 0,
      durationMs: 0,
      blockedBy: 'y',
      error: 'blocked: depends on "y", which failed',
      preview: '{}',
    },
  ]);
  const report = buildReport([plan('x'), plan('y'), plan('s'), plan('z', ['x']), plan('w', ['y']), plan('ghost')], loop);

  it('counts packages by outcome, a package missing from the loop as skipped', () => {
    expect(report.totals).toEqual({ packages: 6, succeeded: 2, failed: 1, blocked: 1, skipped: 2 });
  });

  it('works out makespan, critical path, bound, ratio and utilisation', () => {
    expect(report.makespanMs).toBe(550);
    expect(report.totalWorkMs).toBe(600);
    expect(report.criticalPath).toEqual({ packages: ['x', 'z'], durationMs: 500 });
    expect(report.lowerBoundMs).toBe(500);
    expect(report.makespanRatio).toBeCloseTo(1.1, 12);
    expect(report.utilisation).toBeCloseTo(500 / 550, 12);
  });

  /** A package that ran without script times (a failure, or a result of an older Baton): its activity is its work. */
  const noScripts = (start: number, finish: number) => ({
    workMs: finish - start,
    overheadMs: 0,
    scriptsStartedAt: at(start),
    scriptsFinishedAt: at(finish),
  });

  it('reports each package with only the fields its outcome has, in plan order', () => {
    expect(report.packages).toEqual([
      {
        name: 'x',
        status: 'succeeded',
        startedAt: at(0),
        finishedAt: at(200),
        durationMs: 200,
        queuedMs: 0,
        attempts: 1,
        ...noScripts(0, 200),
      },
      {
        name: 'y',
        status: 'failed',
        error: 'build failed\nsrc/index.ts(1,1): error TS1005 | pipe',
        startedAt: at(0),
        finishedAt: at(100),
        durationMs: 100,
        queuedMs: 0,
        attempts: 3,
        ...noScripts(0, 100),
      },
      {
        name: 's',
        status: 'skipped',
        error: 'no build script',
        startedAt: at(0),
        finishedAt: at(0),
        durationMs: 0,
        queuedMs: 0,
        attempts: 0,
      },
      {
        name: 'z',
        status: 'succeeded',
        startedAt: at(250),
        finishedAt: at(550),
        durationMs: 300,
        queuedMs: 50,
        attempts: 1,
        ...noScripts(250, 550),
      },
      {
        name: 'w',
        status: 'blocked',
        blockedBy: 'y',
        error: 'blocked: depends on "y", which failed',
        durationMs: 0,
        queuedMs: 0,
        attempts: 0,
      },
      { name: 'ghost', status: 'skipped', error: 'not run', durationMs: 0, queuedMs: 0, attempts: 0 },
    ]);
  });

  it('summarises the numbers as text', () => {
    expect(summaryLines(report)).toEqual([
      ['Workspace', '/ws'],
      ['Packages', '6: 2 succeeded, 1 failed, 1 blocked, 2 skipped'],
      ['Concurrency', '2'],
      ['Makespan', '0.55 s'],
      ['Lower bound', "0.50 s = max(critical path 0.50 s, total work 0.60 s / 2), from the scripts' own run times"],
      ['Makespan / lower bound', '1.100'],
      ['Critical path', 'x → z (0.50 s)'],
      ['Overhead', '0.00 s of package time outside the scripts; 0 ms on the critical path'],
      ['Overhead per package', 'median 0 ms, p95 0 ms, max 0 ms'],
      ['Dependency end → dependent start', 'median 0 ms, p95 0 ms, max 0 ms (1 link, slot waits left out)'],
      ['Concurrency utilisation', '90.9% of the time min(2, ready) packages were building'],
    ]);
  });

  it('gives one row per package, times relative to the build start, the note from the first error line', () => {
    expect(packageRows(report)).toEqual([
      ['x', 'succeeded', '+0.00 s', '0.20 s', '0.20 s', '0.00 s', '1', ''],
      ['y', 'failed', '+0.00 s', '0.10 s', '0.10 s', '0.00 s', '3', 'build failed'],
      ['s', 'skipped', '+0.00 s', '0.00 s', '', '0.00 s', '0', 'no build script'],
      ['z', 'succeeded', '+0.25 s', '0.30 s', '0.30 s', '0.05 s', '1', ''],
      ['w', 'blocked', '', '', '', '', '0', 'blocked by y'],
      ['ghost', 'skipped', '', '', '', '', '0', 'not run'],
    ]);
  });

  it("renders Markdown: summary and package tables with pipes escaped, then each failure's output in a code block", () => {
    const markdown = reportToMarkdown(report);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Build report');
    expect(lines).toContain('| **Makespan / lower bound** | 1.100 |');
    expect(lines).toContain('| Package | Status | Start | Duration | Work | Queued | Attempts | Note |');
    expect(lines).toContain('| z | succeeded | +0.25 s | 0.30 s | 0.30 s | 0.05 s | 1 |  |');
    expect(lines).toContain('| w | blocked |  |  |  |  | 0 | blocked by y |');
    // The failure section keeps the whole error, unescaped, inside the fence; the document ends with one newline.
    expect(markdown.endsWith('## y failed\n\n```\n\nbuild failed\nsrc/index.ts(1,1): error TS1005 | pipe\n\n```\n')).toBe(true);
    expect(markdown.match(/^## /gm)).toEqual(['## ', '## ']);
  });

  it('renders a terminal table with aligned columns, the failure output indented, then the summary', () => {
    const lines = reportToTable(report).split('\n');
    // Widths: Package 7 (ghost 5, header 7), Status 9 (succeeded), Start 7, Duration 8, Work 6, Queued 6, Attempts 8,
    // Note 15.
    expect(lines.slice(0, 3)).toEqual([
      'Package  Status     Start    Duration  Work    Queued  Attempts  Note',
      '───────  ─────────  ───────  ────────  ──────  ──────  ────────  ───────────────',
      'x        succeeded  +0.00 s  0.20 s    0.20 s  0.00 s  1',
    ]);
    expect(lines[6]).toBe(`w        blocked    ${' '.repeat(7 + 2 + 8 + 2 + 6 + 2 + 6 + 2)}0         blocked by y`);
    expect(lines.slice(8, 12)).toEqual(['', '✖ y', '  build failed', '  src/index.ts(1,1): error TS1005 | pipe']);
    expect(lines[13]).toBe(`${'Workspace'.padEnd(32)}  /ws`);
    expect(lines.at(-1)).toBe(`${'Concurrency utilisation'.padEnd(32)}  90.9% of the time min(2, ready) packages were building`);
  });
});

describe('buildReport: nothing ran', () => {
  it('reports a zero makespan, a ratio of 1 and full utilisation for an empty workspace', () => {
    const report = buildReport([], loopResult(4, []));
    expect(report).toEqual({
      workspace: '',
      concurrency: 4,
      totals: { packages: 0, succeeded: 0, failed: 0, blocked: 0, skipped: 0 },
      makespanMs: 0,
      lowerBoundMs: 0,
      makespanRatio: 1,
      criticalPath: { packages: [], durationMs: 0 },
      totalWorkMs: 0,
      overhead: {
        totalMs: 0,
        perPackage: { count: 0, medianMs: 0, p95Ms: 0, maxMs: 0 },
        links: { count: 0, medianMs: 0, p95Ms: 0, maxMs: 0 },
        criticalPathMs: 0,
      },
      utilisation: 1,
      packages: [],
    });
  });

  it('leaves out the start and finish when the only package was blocked', () => {
    const report = buildReport(
      [plan('a')],
      loopResult(1, [{ index: 0, key: 'a', status: 'blocked', attempts: 0, durationMs: 0, blockedBy: 'b', preview: '{}' }]),
    );
    expect(report.makespanMs).toBe(0);
    expect(report.startedAt).toBeUndefined();
    expect(report.finishedAt).toBeUndefined();
    expect(report.totals.blocked).toBe(1);
  });
});

describe('buildReport: a loop that continued as new', () => {
  const loop: LoopResult<PackageBuildOutcome> = {
    concurrency: 4,
    total: 3,
    succeeded: 2,
    failed: 0,
    blocked: 0,
    skipped: 1,
    items: [],
    itemsOmitted: true,
  };
  const report = buildReport([plan('a'), plan('b', ['a']), plan('c')], loop);

  it('reports the loop’s counts and no package it has no result for', () => {
    expect(report.packagesOmitted).toBe(true);
    expect(report.totals).toEqual({ packages: 3, succeeded: 2, failed: 0, blocked: 0, skipped: 1 });
    expect(report.packages).toEqual([]);
    expect(report.workspace).toBe('/ws');
    expect(report.lowerBoundMs).toBe(0);
  });

  it('says where the package results are', () => {
    expect(summaryLines(report)[3]).toEqual([
      'Package results',
      'not carried across continue-as-new (a very long history): read them from the execution’s items (GraphQL, CSV); ' +
        'the timing figures below are not computed',
    ]);
  });
});

describe('seconds', () => {
  it.each<[number, string]>([
    [0, '0.00 s'],
    [1234, '1.23 s'],
    [1235.1, '1.24 s'],
    [90_000, '90.00 s'],
  ])('formats %p ms as %p', (ms, text) => {
    expect(seconds(ms)).toBe(text);
  });
});

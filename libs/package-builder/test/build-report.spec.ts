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

  it('reports each package with only the fields its outcome has, in plan order', () => {
    expect(report.packages).toEqual([
      { name: 'x', status: 'succeeded', startedAt: at(0), finishedAt: at(200), durationMs: 200, queuedMs: 0, attempts: 1 },
      {
        name: 'y',
        status: 'failed',
        error: 'build failed\nsrc/index.ts(1,1): error TS1005 | pipe',
        startedAt: at(0),
        finishedAt: at(100),
        durationMs: 100,
        queuedMs: 0,
        attempts: 3,
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
      { name: 'z', status: 'succeeded', startedAt: at(250), finishedAt: at(550), durationMs: 300, queuedMs: 50, attempts: 1 },
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
      ['Lower bound', '0.50 s = max(critical path 0.50 s, total work 0.60 s / 2)'],
      ['Makespan / lower bound', '1.100'],
      ['Critical path', 'x → z (0.50 s)'],
      ['Concurrency utilisation', '90.9% of the time min(2, ready) packages were building'],
    ]);
  });

  it('gives one row per package, times relative to the build start, the note from the first error line', () => {
    expect(packageRows(report)).toEqual([
      ['x', 'succeeded', '+0.00 s', '0.20 s', '0.00 s', '1', ''],
      ['y', 'failed', '+0.00 s', '0.10 s', '0.00 s', '3', 'build failed'],
      ['s', 'skipped', '+0.00 s', '0.00 s', '0.00 s', '0', 'no build script'],
      ['z', 'succeeded', '+0.25 s', '0.30 s', '0.05 s', '1', ''],
      ['w', 'blocked', '', '', '', '0', 'blocked by y'],
      ['ghost', 'skipped', '', '', '', '0', 'not run'],
    ]);
  });

  it("renders Markdown: summary and package tables with pipes escaped, then each failure's output in a code block", () => {
    const markdown = reportToMarkdown(report);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Build report');
    expect(lines).toContain('| **Makespan / lower bound** | 1.100 |');
    expect(lines).toContain('| Package | Status | Start | Duration | Queued | Attempts | Note |');
    expect(lines).toContain('| z | succeeded | +0.25 s | 0.30 s | 0.05 s | 1 |  |');
    expect(lines).toContain('| w | blocked |  |  |  | 0 | blocked by y |');
    // The failure section keeps the whole error, unescaped, inside the fence; the document ends with one newline.
    expect(markdown.endsWith('## y failed\n\n```\n\nbuild failed\nsrc/index.ts(1,1): error TS1005 | pipe\n\n```\n')).toBe(true);
    expect(markdown.match(/^## /gm)).toEqual(['## ', '## ']);
  });

  it('renders a terminal table with aligned columns, the failure output indented, then the summary', () => {
    const lines = reportToTable(report).split('\n');
    // Widths: Package 7 (ghost 5, header 7), Status 9 (succeeded), Start 7, Duration 8, Queued 6, Attempts 8, Note 15.
    expect(lines.slice(0, 3)).toEqual([
      'Package  Status     Start    Duration  Queued  Attempts  Note',
      '───────  ─────────  ───────  ────────  ──────  ────────  ───────────────',
      'x        succeeded  +0.00 s  0.20 s    0.00 s  1',
    ]);
    expect(lines[6]).toBe('w        blocked                               0         blocked by y');
    expect(lines.slice(8, 12)).toEqual(['', '✖ y', '  build failed', '  src/index.ts(1,1): error TS1005 | pipe']);
    expect(lines[13]).toBe('Workspace                /ws');
    expect(lines.at(-1)).toBe('Concurrency utilisation  90.9% of the time min(2, ready) packages were building');
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

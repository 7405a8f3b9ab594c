import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { graphToDot, graphToJson, graphToMermaid, previewPlan, type PlannedPackage } from '@baton/package-builder';
import { discoverWorkspace, selectPackages, type Workspace } from '@baton/package-builder/workspace';
import { REPO_ROOT } from '../support/repository';

const FIXTURES = join(REPO_ROOT, 'examples', 'package-builder');

/** The fixture's packages as the plan step gives them: packages without a build script are skipped. */
function planned(workspace: Workspace): PlannedPackage[] {
  return workspace.packages.map((pkg) => ({ ...pkg, ...(pkg.scripts.build === undefined ? { skip: 'no build script' } : {}) }));
}

/** Each package's build time as its fixture build script declares it, as the build history would record it. */
function recorded(workspace: Workspace): Record<string, number> {
  return Object.fromEntries(
    workspace.packages.flatMap((pkg) => {
      const ms = /build-package\.mjs (\d+)/.exec(pkg.scripts.build ?? '')?.[1];
      return ms === undefined ? [] : [[pkg.name, Number(ms)]];
    }),
  );
}

describe('previewPlan', () => {
  it('fifo-adversarial at 2: the head of the chain first, finishing at the 4.5 s lower bound', async () => {
    const workspace = await discoverWorkspace(join(FIXTURES, 'fifo-adversarial'));
    const preview = previewPlan(planned(workspace), recorded(workspace), 2);
    assert.deepEqual(
      preview.packages.map(({ id, lane, startMs, finishMs }) => [id, lane, startMs, finishMs]),
      [
        ['@fifo/sdk-core', 1, 0, 1500],
        ['@fifo/assets', 2, 0, 1500],
        ['@fifo/sdk-http', 1, 1500, 3000],
        ['@fifo/blog', 2, 1500, 3000],
        // Equal remaining chains (1.5 s each) at 3 s: ties go to the id.
        ['@fifo/docs', 1, 3000, 4500],
        ['@fifo/sdk-cli', 2, 3000, 4500],
      ],
    );
    assert.equal(preview.makespanMs, 4500);
    assert.deepEqual(preview.lowerBound, { criticalPath: 4500, totalWork: 9000, bound: 4500 });
    assert.deepEqual(preview.criticalPath, ['@fifo/sdk-core', '@fifo/sdk-http', '@fifo/sdk-cli']);
    assert.deepEqual([preview.unrecorded, preview.assumedDurationMs], [[], 1500]);
  });

  it.each([
    [4, 6100],
    [2, 7900],
    [1, 15600],
  ])('monorepo at %i: the makespan the fixture README derives for critical-path-first (%i ms)', async (concurrency, makespan) => {
    const workspace = await discoverWorkspace(join(FIXTURES, 'monorepo'));
    const preview = previewPlan(planned(workspace), recorded(workspace), concurrency);
    assert.equal(preview.makespanMs, makespan);
    assert.equal(preview.packages.length, 22);
    const byId = new Map(preview.packages.map((pkg) => [pkg.id, pkg]));
    for (const pkg of workspace.packages) {
      for (const dependency of pkg.dependencies) {
        assert.ok(byId.get(pkg.name)!.startMs >= byId.get(dependency)!.finishMs, `${pkg.name} starts after ${dependency} finishes`);
      }
    }
    // At no moment do more packages hold a lane than the concurrency, and none shares a lane with another.
    for (const { startMs } of preview.packages) {
      const busy = preview.packages.filter((pkg) => pkg.lane !== null && pkg.startMs <= startMs && startMs < pkg.finishMs);
      assert.ok(busy.length <= concurrency);
      assert.equal(new Set(busy.map((pkg) => pkg.lane)).size, busy.length);
    }
    assert.deepEqual(
      preview.packages.filter((pkg) => pkg.lane === null).map((pkg) => [pkg.id, pkg.durationMs]),
      [
        ['@acme/types', 0],
        ['@acme/e2e', 0],
      ],
      'packages without a build script take no lane and no time',
    );
  });

  it('counts a package without a recorded duration as the mean of the recorded ones, and says which', () => {
    const packages: PlannedPackage[] = [
      { name: 'a', relativeDir: 'a', dependencies: [] },
      { name: 'b', relativeDir: 'b', dependencies: ['a'] },
      { name: 'c', relativeDir: 'c', dependencies: ['a'] },
    ];
    const preview = previewPlan(packages, { a: 100, b: 300 }, 4);
    assert.deepEqual(
      preview.packages.map(({ id, startMs, durationMs, recorded }) => [id, startMs, durationMs, recorded]),
      [
        ['a', 0, 100, true],
        ['b', 100, 300, true],
        ['c', 100, 200, false],
      ],
    );
    assert.deepEqual([preview.makespanMs, preview.unrecorded, preview.assumedDurationMs], [400, ['c'], 200]);
  });

  it('refuses a concurrency that is not a whole number from 1', () => {
    for (const concurrency of [0, 1.5, Number.NaN]) {
      assert.throws(() => previewPlan([], {}, concurrency), {
        name: 'RangeError',
        message: `Expected \`concurrency\` to be a whole number from 1 and up, got ${concurrency}.`,
      });
    }
  });
});

describe('graph formats', () => {
  const packages: PlannedPackage[] = [
    { name: './docs', relativeDir: 'docs', dependencies: ['@scope/a'] },
    { name: './we"ird<dir>', relativeDir: 'we"ird<dir>', dependencies: [], skip: 'no build script' },
    { name: '@scope/a', packageName: '@scope/a', relativeDir: 'packages/a', dependencies: ['fixture (./b)', 'outside'] },
    { name: 'fixture (./b)', packageName: 'fixture', relativeDir: 'b', dependencies: [] },
  ];

  it('graphToJson: ids, names, paths, whether each runs, and the edges inside the selection', () => {
    assert.deepEqual(JSON.parse(graphToJson(packages)), {
      packages: [
        { id: './docs', path: 'docs', runs: true },
        { id: './we"ird<dir>', path: 'we"ird<dir>', runs: false },
        { id: '@scope/a', name: '@scope/a', path: 'packages/a', runs: true },
        { id: 'fixture (./b)', name: 'fixture', path: 'b', runs: true },
      ],
      dependencies: [
        { from: './docs', to: '@scope/a' },
        { from: '@scope/a', to: 'fixture (./b)' },
      ],
    });
  });

  it('graphToDot: quoted ids with quotes escaped, the folder under the id, dashed when nothing runs', () => {
    assert.equal(
      graphToDot(packages),
      [
        'digraph packages {',
        '  rankdir=LR;',
        '  node [shape=box];',
        '  "./docs" [label="./docs"];',
        '  "./we\\"ird<dir>" [label="./we\\"ird<dir>", style=dashed];',
        '  "@scope/a" [label="@scope/a\\npackages/a"];',
        '  "fixture (./b)" [label="fixture (./b)\\nb"];',
        '  "./docs" -> "@scope/a";',
        '  "@scope/a" -> "fixture (./b)";',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('graphToMermaid: plain node ids, labels with Mermaid entity codes, a class for packages that do not run', () => {
    assert.equal(
      graphToMermaid(packages),
      [
        'flowchart LR',
        '  p0["./docs"]',
        '  p1["./we#34;ird#60;dir#62;"]:::skipped',
        '  p2["@scope/a"]',
        '  p3["fixture (./b)"]',
        '  p0 --> p2',
        '  p2 --> p3',
        '  classDef skipped stroke-dasharray: 4 4',
        '',
      ].join('\n'),
    );
  });

  it('graphs a selection: pnpm-shapes with its nameless and shared-name packages', async () => {
    const workspace = selectPackages(await discoverWorkspace(join(FIXTURES, 'pnpm-shapes')), ['{./docs}...']);
    assert.equal(
      graphToMermaid(planned(workspace)),
      [
        'flowchart LR',
        '  p0["./docs"]',
        '  p1["@shapes/core"]',
        '  p2["@shapes/fixture (./packages/core/test/fixtures/v2)"]',
        '  p3["@shapes/utils"]',
        '  p0 --> p1',
        '  p1 --> p2',
        '  p1 --> p3',
        '  p2 --> p3',
        '',
      ].join('\n'),
    );
  });
});

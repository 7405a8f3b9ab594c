import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { graphToDot, graphToJson, graphToMermaid, previewPlan } from '@baton/package-builder';
import { breakCycles, discoverWorkspace, selectPackages, type PackageManager, type Workspace } from '@baton/package-builder/workspace';
import { REPO_ROOT } from '../support/repository';

const VITEST_CYCLE = join(REPO_ROOT, 'examples', 'package-builder', 'vitest-cycle');
const CYCLE = ['@vitest/browser', '@vitest/browser-playwright', '@vitest/ui'];

/** The fixture as a workspace of another package manager: same packages, same links, that manager's rule. */
async function vitestCycle(packageManager: PackageManager = 'pnpm'): Promise<Workspace> {
  return { ...(await discoverWorkspace(VITEST_CYCLE)), packageManager };
}

function waitsFor(workspace: Workspace): Record<string, string[]> {
  return Object.fromEntries(workspace.packages.map((pkg) => [pkg.name, pkg.dependencies]));
}

function notAwaited(workspace: Workspace): Record<string, string[]> {
  return Object.fromEntries(workspace.packages.flatMap((pkg) => (pkg.cycle === undefined ? [] : [[pkg.name, pkg.cycle.notAwaited]])));
}

describe('dependency cycles, as the package managers accept them', () => {
  it('discovery accepts vitest’s cycle under pnpm, with every link, the devDependency one marked', async () => {
    const workspace = await discoverWorkspace(VITEST_CYCLE);
    assert.equal(workspace.packageManager, 'pnpm');
    assert.deepEqual(waitsFor(workspace), {
      '@vitest/browser': ['@vitest/ui', '@vitest/utils'],
      '@vitest/browser-playwright': ['@vitest/browser'],
      '@vitest/pretty-format': [],
      '@vitest/ui': ['@vitest/browser-playwright'],
      '@vitest/utils': [],
      vitest: ['@vitest/browser'],
    });
    assert.deepEqual(workspace.packages.find((pkg) => pkg.name === '@vitest/ui')!.devDependencies, ['@vitest/browser-playwright']);
  });

  it('pnpm: the cycle is one unit, its packages side by side after utils, vitest after all three', async () => {
    const broken = breakCycles(await vitestCycle('pnpm'));
    assert.deepEqual(waitsFor(broken), {
      '@vitest/browser': ['@vitest/utils'],
      '@vitest/browser-playwright': ['@vitest/utils'],
      '@vitest/pretty-format': [],
      '@vitest/ui': ['@vitest/utils'],
      '@vitest/utils': [],
      vitest: CYCLE,
    });
    assert.deepEqual(notAwaited(broken), {
      '@vitest/browser': ['@vitest/ui'],
      '@vitest/browser-playwright': ['@vitest/browser'],
      '@vitest/ui': ['@vitest/browser-playwright'],
    });
    for (const pkg of broken.packages) assert.deepEqual(pkg.cycle?.packages, CYCLE.includes(pkg.name) ? CYCLE : undefined);
  });

  it('npm: inside the cycle, each package waits for those npm runs before it (folders sorted under one glob)', async () => {
    // npm's order: browser, browser-playwright, pretty-format, ui, utils, vitest.
    const broken = breakCycles(await vitestCycle('npm'));
    assert.deepEqual(waitsFor(broken), {
      '@vitest/browser': ['@vitest/utils'],
      '@vitest/browser-playwright': ['@vitest/browser', '@vitest/utils'],
      '@vitest/pretty-format': [],
      '@vitest/ui': ['@vitest/browser-playwright', '@vitest/utils'],
      '@vitest/utils': [],
      vitest: CYCLE,
    });
    assert.deepEqual(notAwaited(broken), { '@vitest/browser': ['@vitest/ui'], '@vitest/browser-playwright': [], '@vitest/ui': [] });
  });

  it('yarn: inside the cycle, each package waits for its dependencies, not its devDependencies', async () => {
    const broken = breakCycles(await vitestCycle('yarn'));
    assert.deepEqual(waitsFor(broken), {
      '@vitest/browser': ['@vitest/ui', '@vitest/utils'],
      '@vitest/browser-playwright': ['@vitest/browser', '@vitest/utils'],
      '@vitest/pretty-format': [],
      '@vitest/ui': ['@vitest/utils'],
      '@vitest/utils': [],
      vitest: CYCLE,
    });
    assert.deepEqual(notAwaited(broken), {
      '@vitest/browser': [],
      '@vitest/browser-playwright': [],
      '@vitest/ui': ['@vitest/browser-playwright'],
    });
  });

  it('selects on the whole graph, then breaks only the cycles of the selection', async () => {
    const workspace = await vitestCycle();
    // `@vitest/ui...` follows the devDependency link round the cycle, and on to utils.
    const selected = selectPackages(workspace, ['@vitest/ui...']);
    assert.deepEqual(
      selected.packages.map((pkg) => pkg.name),
      [...CYCLE, '@vitest/utils'],
    );
    assert.deepEqual(notAwaited(breakCycles(selected)), {
      '@vitest/browser': ['@vitest/ui'],
      '@vitest/browser-playwright': ['@vitest/browser'],
      '@vitest/ui': ['@vitest/browser-playwright'],
    });
    // Two packages of the cycle without the third: no cycle left, every link is waited for.
    const pair = breakCycles(selectPackages(workspace, ['@vitest/ui', '@vitest/browser']));
    assert.deepEqual(waitsFor(pair), { '@vitest/browser': ['@vitest/ui'], '@vitest/ui': [] });
    assert.deepEqual(notAwaited(pair), {});
  });

  it('leaves a workspace without cycles as it is, and drops a package’s dependency on itself', async () => {
    const acyclic = selectPackages(await vitestCycle(), ['vitest', '@vitest/utils']);
    assert.equal(breakCycles(acyclic), acyclic);
    const self: Workspace = {
      ...acyclic,
      packages: acyclic.packages.map((pkg) => ({ ...pkg, dependencies: [pkg.name], devDependencies: [pkg.name] })),
    };
    assert.deepEqual(waitsFor(breakCycles(self)), { '@vitest/utils': [], vitest: [] });
    assert.deepEqual(notAwaited(breakCycles(self)), {});
  });

  it('previewPlan and the graph formats: the plan as the loop runs it, and the links not waited for, marked', async () => {
    const broken = breakCycles(await vitestCycle());
    const durations = {
      '@vitest/utils': 300,
      '@vitest/pretty-format': 200,
      vitest: 200,
      ...Object.fromEntries(CYCLE.map((id) => [id, 300])),
    };
    const expected = [
      ['@vitest/utils', 1, 0],
      ['@vitest/pretty-format', 2, 0],
      ['@vitest/browser', 1, 300],
      ['@vitest/browser-playwright', 2, 300],
      ['@vitest/ui', 3, 300],
      ['vitest', 1, 600],
    ];
    const preview = previewPlan(broken.packages, durations, 4);
    assert.deepEqual(
      preview.packages.map(({ id, lane, startMs }) => [id, lane, startMs]),
      expected,
    );
    assert.equal(preview.makespanMs, 800);
    // Raw discovery output, links of the cycle included: the preview builds the cycle as pnpm does.
    assert.deepEqual(previewPlan((await vitestCycle()).packages, durations, 4), preview);

    const links = JSON.parse(graphToJson(broken.packages)).dependencies.filter(({ from }: { from: string }) => CYCLE.includes(from));
    assert.deepEqual(links, [
      { from: '@vitest/browser', to: '@vitest/ui', cycle: true },
      { from: '@vitest/browser', to: '@vitest/utils' },
      { from: '@vitest/browser-playwright', to: '@vitest/browser', cycle: true },
      { from: '@vitest/browser-playwright', to: '@vitest/utils' },
      { from: '@vitest/ui', to: '@vitest/browser-playwright', cycle: true },
      { from: '@vitest/ui', to: '@vitest/utils' },
    ]);
    assert.match(graphToDot(broken.packages), /^ {2}"@vitest\/ui" -> "@vitest\/browser-playwright" \[style=dashed, label="cycle"\];$/m);
    assert.match(graphToMermaid(broken.packages), /^ {2}p\d -\. cycle \.-> p\d$/m);
  });
});

import { describe, expect, it } from '@jest/globals';
import { withCacheDependencies } from '../src/cache/cache-dependencies';
import type { PackagePlan } from '../src/workflows/build-input';
import type { Workspace, WorkspacePackage } from '../src/workspace/workspace.types';

const pkg = (name: string, dependencies: string[]): WorkspacePackage => ({
  name,
  version: '1.0.0',
  dir: `/ws/packages/${name}`,
  relativeDir: `packages/${name}`,
  scripts: {},
  dependencies,
  devDependencies: [],
  declarationIndex: 0,
});

const plan = ({ name, dir, relativeDir, dependencies }: WorkspacePackage, skip?: string): PackagePlan => ({
  name,
  version: '1.0.0',
  dir,
  relativeDir,
  workspaceRoot: '/ws',
  packageManager: 'npm',
  dependencies,
  hasBuild: skip === undefined,
  runTests: false,
  timeoutMs: 1000,
  ...(skip === undefined ? {} : { skip }),
});

describe('what a cache key takes from the dependencies', () => {
  // types (nothing to build) ← core ← app; app also uses util (left out of the selection), util uses types.
  const types = pkg('types', []);
  const util = pkg('util', ['types']);
  const core = pkg('core', ['types']);
  const app = pkg('app', ['core', 'util']);
  const workspace: Workspace = { root: '/ws', packageManager: 'npm', packages: [app, core, types, util] };

  it('takes the builds of dependencies that build, and the files of the others with what they depend on', () => {
    const plans = withCacheDependencies(workspace, [plan(app), plan(core), plan(types, 'no build script')]);
    expect(plans.map((each) => [each.name, each.cacheDependencies])).toEqual([
      ['app', { packages: ['core'], folders: ['packages/types', 'packages/util'] }],
      ['core', { packages: [], folders: ['packages/types'] }],
      ['types', { packages: [], folders: [] }],
    ]);
  });

  it('takes the files, not the last build, of a package of its cycle that it does not wait for, and never its own build', () => {
    // browser ⇄ ui, as pnpm builds a cycle: neither waits for the other.
    const browser = pkg('browser', ['ui']);
    const ui = pkg('ui', ['browser']);
    const cyclic: Workspace = { root: '/ws', packageManager: 'pnpm', packages: [browser, ui] };
    const cycle = (notAwaited: string[]) => ({ packages: ['browser', 'ui'], notAwaited });
    const plans = withCacheDependencies(cyclic, [
      { ...plan(browser), dependencies: [], cycle: cycle(['ui']) },
      { ...plan(ui), dependencies: [], cycle: cycle(['browser']) },
    ]);
    expect(plans.map((each) => [each.name, each.cacheDependencies])).toEqual([
      ['browser', { packages: [], folders: ['packages/ui'] }],
      ['ui', { packages: [], folders: ['packages/browser'] }],
    ]);
  });
});

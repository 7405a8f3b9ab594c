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
});

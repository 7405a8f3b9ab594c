import { afterAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/repository';
import { bottomLevels, criticalPath, layers, lowerBound, transitiveDependents } from '@baton/orchestration/graph';
import type { DependencyGraph } from '@baton/orchestration/graph';
import {
  discoverWorkspace,
  DuplicatePackageError,
  InvalidPackageJsonError,
  InvalidPnpmWorkspaceError,
  NotAWorkspaceError,
  selectPackages,
  UnmatchedFilterError,
  WorkspaceCycleError,
  workspaceGraph,
} from '@baton/package-builder/workspace';
import type { Workspace, WorkspacePackage } from '@baton/package-builder/workspace';

const temporaryFolders: string[] = [];
afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

/** Writes files into a fresh temporary folder and returns it; objects are written as JSON. */
function folderWith(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'baton-workspace-'));
  temporaryFolders.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

function manifest(name: string, fields: Record<string, unknown> = {}): object {
  return { name, version: '1.0.0', ...fields };
}

const NPM_ROOT = { name: 'root', private: true, workspaces: ['packages/*'] };

const FIXTURES = join(REPO_ROOT, 'examples', 'package-builder');

function dependenciesByName(workspace: Workspace): Record<string, string[]> {
  return Object.fromEntries(workspace.packages.map((pkg) => [pkg.name, pkg.dependencies]));
}

/** Build time of each package (by graph id) as its fixture build script declares it; 0 without a build script. */
function buildDurations(workspace: Workspace, graph: DependencyGraph): number[] {
  return graph.keys.map((name) => {
    const build = workspace.packages.find((pkg) => pkg.name === name)?.scripts.build;
    return build === undefined ? 0 : Number(/build-package\.mjs (\d+)/.exec(build)?.[1]);
  });
}

/** Makespan of list scheduling with `concurrency` workers, always starting the ready package that `before` ranks first. */
function makespan(
  graph: DependencyGraph,
  durations: readonly number[],
  concurrency: number,
  before: (a: number, b: number) => number,
): number {
  const waitingFor = graph.keys.map((_, v) => graph.dependenciesOf(v).length);
  let ready = graph.keys.map((_, v) => v).filter((v) => waitingFor[v] === 0);
  let running: { node: number; end: number }[] = [];
  let now = 0;
  for (let finished = 0; finished < graph.size; finished++) {
    ready = ready.sort(before);
    while (running.length < concurrency && ready.length > 0) {
      const node = ready.shift() as number;
      running.push({ node, end: now + durations[node] });
    }
    running = running.sort((a, b) => a.end - b.end);
    const next = running.shift() as { node: number; end: number };
    now = next.end;
    for (const dependent of graph.dependentsOf(next.node)) if (--waitingFor[dependent] === 0) ready.push(dependent);
  }
  return now;
}

describe('discoverWorkspace', () => {
  it('reads npm "workspaces" globs: name, version, folders and scripts of every package, node_modules skipped', async () => {
    const root = folderWith({
      'package.json': { ...NPM_ROOT, workspaces: ['tools/**', 'packages/*'] },
      'packages/b/package.json': manifest('@x/b', { scripts: { build: 'tsc -b', test: 'node --test' } }),
      'packages/a/package.json': manifest('@x/a', { version: '2.3.4' }),
      'packages/notes/README.md': 'A folder without package.json is no package.',
      'tools/gen/package.json': manifest('@x/gen'),
      'tools/gen/node_modules/left-pad/package.json': manifest('left-pad'),
    });

    assert.deepEqual(await discoverWorkspace(root), {
      root,
      packageManager: 'npm',
      packages: [
        {
          name: '@x/a',
          packageName: '@x/a',
          version: '2.3.4',
          dir: join(root, 'packages/a'),
          relativeDir: 'packages/a',
          scripts: {},
          dependencies: [],
          devDependencies: [],
          // npm's order: the globs in turn (tools/** first), each one's folders sorted.
          declarationIndex: 1,
        },
        {
          name: '@x/b',
          packageName: '@x/b',
          version: '1.0.0',
          dir: join(root, 'packages/b'),
          relativeDir: 'packages/b',
          scripts: { build: 'tsc -b', test: 'node --test' },
          dependencies: [],
          devDependencies: [],
          declarationIndex: 2,
        },
        {
          name: '@x/gen',
          packageName: '@x/gen',
          version: '1.0.0',
          dir: join(root, 'tools/gen'),
          relativeDir: 'tools/gen',
          scripts: {},
          dependencies: [],
          devDependencies: [],
          declarationIndex: 0,
        },
      ],
    });
  });

  it('reads the yarn form { packages: [...] } of "workspaces"', async () => {
    const root = folderWith({
      'package.json': { name: 'root', private: true, workspaces: { packages: ['packages/*'], nohoist: ['**/react-native'] } },
      'yarn.lock': '',
      'packages/a/package.json': manifest('a'),
      'packages/b/package.json': manifest('b', { dependencies: { a: '^1.0.0' } }),
    });

    const workspace = await discoverWorkspace(root);
    assert.equal(workspace.packageManager, 'yarn');
    assert.deepEqual(dependenciesByName(workspace), { a: [], b: ['a'] });
  });

  it('reads pnpm-workspace.yaml globs, negations included', async () => {
    const root = folderWith({
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - "packages/**"\n  - "!packages/legacy"\n  - "!**/test/**"\n',
      'packages/a/package.json': manifest('a'),
      'packages/a/test/fixture/package.json': manifest('a-fixture'),
      'packages/legacy/package.json': manifest('legacy'),
      'packages/nested/b/package.json': manifest('b'),
    });

    const workspace = await discoverWorkspace(root);
    assert.equal(workspace.packageManager, 'pnpm');
    assert.deepEqual(
      workspace.packages.map((pkg) => pkg.relativeDir),
      ['packages/a', 'packages/nested/b'],
    );
  });

  it('collects internal dependencies from all four dependency fields, sorted and without repeats', async () => {
    const root = folderWith({
      'package.json': NPM_ROOT,
      'packages/a/package.json': manifest('@x/a'),
      'packages/b/package.json': manifest('@x/b'),
      'packages/c/package.json': manifest('@x/c'),
      'packages/d/package.json': manifest('@x/d'),
      'packages/app/package.json': manifest('@x/app', {
        dependencies: { '@x/d': 'workspace:*', react: '^18.3.0' },
        devDependencies: { '@x/c': 'workspace:*', '@x/d': 'workspace:*', typescript: '~5.6.0' },
        peerDependencies: { '@x/b': '^1.0.0' },
        optionalDependencies: { '@x/a': '*' },
      }),
    });

    const workspace = await discoverWorkspace(root);
    assert.deepEqual(dependenciesByName(workspace)['@x/app'], ['@x/a', '@x/b', '@x/c', '@x/d']);
    // Declared only as devDependencies or peerDependencies (@x/d is also in dependencies): yarn's --topological ignores these.
    assert.deepEqual(workspace.packages.find((pkg) => pkg.name === '@x/app')!.devDependencies, ['@x/b', '@x/c']);
  });

  it('counts every workspace: protocol spec as internal', async () => {
    const specs = ['workspace:*', 'workspace:^', 'workspace:~', 'workspace:^1.2.0', 'workspace:../e'];
    const names = ['a', 'b', 'c', 'd', 'e'];
    const root = folderWith({
      'package.json': NPM_ROOT,
      ...Object.fromEntries(names.map((name) => [`packages/${name}/package.json`, manifest(name, { version: '1.2.3' })])),
      'packages/app/package.json': manifest('app', { dependencies: Object.fromEntries(names.map((name, k) => [name, specs[k]])) }),
    });

    assert.deepEqual(dependenciesByName(await discoverWorkspace(root)).app, names);
  });

  it('counts a plain spec as internal only when the workspace copy is what it resolves to', async () => {
    const cases: [dependency: string, spec: string, internal: boolean][] = [
      ['caret-match', '^1.2.0', true],
      ['tilde-match', '~1.4.0', true],
      ['any', '*', true],
      ['empty', '', true],
      ['folder', 'file:../folder', true],
      ['caret-miss', '^2.0.0', false],
      ['exact-miss', '1.3.0', false],
      ['dist-tag', 'latest', false],
    ];
    const root = folderWith({
      'package.json': NPM_ROOT,
      ...Object.fromEntries(cases.map(([name]) => [`packages/${name}/package.json`, manifest(name, { version: '1.4.2' })])),
      'packages/app/package.json': manifest('app', { dependencies: Object.fromEntries(cases.map(([name, spec]) => [name, spec])) }),
    });

    const expected = cases
      .filter(([, , internal]) => internal)
      .map(([name]) => name)
      .sort();
    assert.deepEqual(dependenciesByName(await discoverWorkspace(root)).app, expected);
  });

  const managers: [title: string, files: Record<string, string | object>, expected: string][] = [
    [
      'the packageManager field, over any lockfile',
      { 'package.json': { ...NPM_ROOT, packageManager: 'pnpm@9.12.0+sha512.abc' }, 'yarn.lock': '' },
      'pnpm',
    ],
    ['packageManager yarn', { 'package.json': { ...NPM_ROOT, packageManager: 'yarn@4.5.0' }, 'pnpm-lock.yaml': '' }, 'yarn'],
    ['packageManager npm', { 'package.json': { ...NPM_ROOT, packageManager: 'npm@10.8.2' }, 'yarn.lock': '' }, 'npm'],
    ['pnpm-lock.yaml', { 'package.json': NPM_ROOT, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, 'pnpm'],
    ['pnpm-workspace.yaml', { 'package.json': { name: 'root' }, 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' }, 'pnpm'],
    ['yarn.lock', { 'package.json': NPM_ROOT, 'yarn.lock': '' }, 'yarn'],
    ['nothing: npm', { 'package.json': NPM_ROOT }, 'npm'],
  ];
  for (const [title, files, expected] of managers) {
    it(`detects the package manager from ${title}`, async () => {
      const root = folderWith({ ...files, 'packages/a/package.json': manifest('a') });
      assert.equal((await discoverWorkspace(root)).packageManager, expected);
    });
  }
});

describe('discoverWorkspace errors', () => {
  it('rejects a folder without package.json', async () => {
    const root = folderWith({ 'packages/a/package.json': manifest('a') });
    await assert.rejects(discoverWorkspace(root), {
      name: 'NotAWorkspaceError',
      message:
        `"${root}" is not a workspace: it has no package.json. ` +
        'Point PackageBuilder at the root of a monorepo: the folder whose package.json lists "workspaces", or that holds ' +
        'pnpm-workspace.yaml.',
    });
  });

  it('says when the path does not exist, or is a file', async () => {
    const root = folderWith({ 'notes.txt': 'x' });
    const hint = 'Point PackageBuilder at the root folder of a monorepo (a relative path is taken from the worker’s working directory).';
    await assert.rejects(discoverWorkspace(join(root, 'missing')), {
      name: 'NotAWorkspaceError',
      message: `"${join(root, 'missing')}" does not exist. ${hint}`,
    });
    await assert.rejects(discoverWorkspace(join(root, 'notes.txt')), {
      name: 'NotAWorkspaceError',
      message: `"${join(root, 'notes.txt')}" is a file, not a folder. ${hint}`,
    });
  });

  it('rejects a package.json without "workspaces" and no pnpm-workspace.yaml', async () => {
    const root = folderWith({ 'package.json': manifest('single-package') });
    await assert.rejects(discoverWorkspace(root), (error) => {
      assert.ok(error instanceof NotAWorkspaceError);
      assert.equal(
        error.message,
        `"${root}" is not a workspace: ${join(root, 'package.json')} has no "workspaces" field and there is no pnpm-workspace.yaml. ` +
          'Add "workspaces": ["packages/*"] to the package.json (npm, yarn), or list packages: ["packages/*"] in pnpm-workspace.yaml ' +
          '(pnpm).',
      );
      return true;
    });
  });

  it('rejects a pnpm-workspace.yaml that lists no packages', async () => {
    const root = folderWith({ 'package.json': manifest('root'), 'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - esbuild\n' });
    await assert.rejects(discoverWorkspace(root), {
      name: 'NotAWorkspaceError',
      message:
        `"${root}" is not a workspace: ${join(root, 'package.json')} has no "workspaces" field ` +
        `and ${join(root, 'pnpm-workspace.yaml')} lists no "packages". ` +
        'Add "workspaces": ["packages/*"] to the package.json (npm, yarn), or list packages: ["packages/*"] in pnpm-workspace.yaml (pnpm).',
    });
  });

  it('rejects globs that match no package', async () => {
    const root = folderWith({ 'package.json': { ...NPM_ROOT, workspaces: ['packages/*', 'apps/*'] }, 'packages/a/README.md': '' });
    await assert.rejects(discoverWorkspace(root), {
      name: 'NotAWorkspaceError',
      message:
        `"${root}" is not a workspace: its workspace globs "packages/*", "apps/*" match no folder with a package.json (node_modules ` +
        `is skipped). ` +
        'Fix the globs, or add a package.json to each package folder.',
    });
  });

  it('rejects an invalid pnpm-workspace.yaml', async () => {
    const root = folderWith({ 'package.json': manifest('root'), 'pnpm-workspace.yaml': 'packages: packages/*\n' });
    await assert.rejects(discoverWorkspace(root), (error) => {
      assert.ok(error instanceof InvalidPnpmWorkspaceError);
      assert.equal(
        error.message,
        `Invalid pnpm-workspace.yaml at ${join(root, 'pnpm-workspace.yaml')}: "packages" must be a list of globs, but is a string ` +
          `("packages/*"). ` +
          'Make "packages" a list of globs, e.g.\npackages:\n  - "packages/*"\n  - "!**/test/**"',
      );
      return true;
    });
  });

  it('rejects two packages with the same name under npm, which refuses them, naming both package.json files', async () => {
    const root = folderWith({
      'package.json': { ...NPM_ROOT, workspaces: ['packages/*', 'legacy/*'] },
      'packages/a/package.json': manifest('@x/a'),
      'legacy/a/package.json': manifest('@x/a', { version: '0.9.0' }),
      'packages/b/package.json': manifest('@x/b'),
    });
    await assert.rejects(discoverWorkspace(root), (error) => {
      assert.ok(error instanceof DuplicatePackageError);
      assert.equal(
        error.message,
        `The workspace at ${root} has more than one package with the same name, which npm refuses:\n` +
          `  - "@x/a" in ${join(root, 'legacy/a/package.json')} and ${join(root, 'packages/a/package.json')}\n` +
          'Rename all but one of them, or exclude the extra folders from the workspace globs.',
      );
      return true;
    });
  });

  it('refuses under yarn a cycle of "dependencies" and "optionalDependencies" alone, as `foreach --topological` does', async () => {
    const root = folderWith({
      'package.json': { ...NPM_ROOT, packageManager: 'yarn@4.5.0' },
      // Through a devDependency or a peerDependency, yarn does not wait: accepted.
      'packages/a/package.json': manifest('@x/a', { dependencies: { '@x/b': 'workspace:*' } }),
      'packages/b/package.json': manifest('@x/b', { devDependencies: { '@x/a': '^1.0.0' } }),
      'packages/c/package.json': manifest('@x/c', { dependencies: { '@x/d': 'workspace:^' } }),
      'packages/d/package.json': manifest('@x/d', { peerDependencies: { '@x/c': '*' } }),
      // Runtime links only: refused.
      'packages/e/package.json': manifest('@x/e', { dependencies: { '@x/f': 'workspace:*' } }),
      'packages/f/package.json': manifest('@x/f', { optionalDependencies: { '@x/g': '^1.0.0' } }),
      'packages/g/package.json': manifest('@x/g', { dependencies: { '@x/e': 'workspace:*' }, devDependencies: { '@x/a': '*' } }),
    });
    await assert.rejects(discoverWorkspace(root), (error) => {
      assert.ok(error instanceof WorkspaceCycleError);
      assert.deepEqual(error.cycles, [['@x/e', '@x/f', '@x/g', '@x/e']]);
      assert.equal(
        error.message,
        `The workspace at ${root} has a dependency cycle (each package depends on the next):\n` +
          '  - @x/e → @x/f → @x/g → @x/e\n' +
          '      packages/e/package.json has "@x/f": "workspace:*" in "dependencies"\n' +
          '      packages/f/package.json has "@x/g": "^1.0.0" in "optionalDependencies"\n' +
          '      packages/g/package.json has "@x/e": "workspace:*" in "dependencies"\n' +
          'Each link is in "dependencies" or "optionalDependencies", which yarn\'s `workspaces foreach --topological` waits for, ' +
          'so yarn refuses these cycles too ("Dependency cycle detected"). Remove one of the listed dependencies from each ' +
          'cycle, or move it to "devDependencies": yarn and PackageBuilder then build the cycle without waiting for it.',
      );
      return true;
    });
  });

  it('refuses every cycle under pnpm when pnpm-workspace.yaml sets disallowWorkspaceCycles, as pnpm install does', async () => {
    const files = {
      'package.json': { name: 'root', private: true },
      'packages/a/package.json': manifest('@x/a', { dependencies: { '@x/b': 'workspace:*' } }),
      'packages/b/package.json': manifest('@x/b', { devDependencies: { '@x/a': 'workspace:*', '@x/b': 'workspace:*' } }),
    };
    const accepted = folderWith({ ...files, 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' });
    assert.deepEqual(dependenciesByName(await discoverWorkspace(accepted)), { '@x/a': ['@x/b'], '@x/b': ['@x/a', '@x/b'] });

    const root = folderWith({ ...files, 'pnpm-workspace.yaml': 'packages:\n  - packages/*\ndisallowWorkspaceCycles: true\n' });
    await assert.rejects(discoverWorkspace(root), (error) => {
      assert.ok(error instanceof WorkspaceCycleError);
      // A package depending on itself is no cycle to pnpm: it drops the link.
      assert.deepEqual(error.cycles, [['@x/a', '@x/b', '@x/a']]);
      assert.equal(
        error.message,
        `The workspace at ${root} has a dependency cycle (each package depends on the next):\n` +
          '  - @x/a → @x/b → @x/a\n' +
          '      packages/a/package.json has "@x/b": "workspace:*" in "dependencies"\n' +
          '      packages/b/package.json has "@x/a": "workspace:*" in "devDependencies"\n' +
          'pnpm refuses these cycles too, as pnpm-workspace.yaml sets "disallowWorkspaceCycles". Remove one of the listed ' +
          'dependencies from each cycle, or remove the setting to build each cycle as `pnpm -r` does (its packages side by side).',
      );
      return true;
    });
  });

  const jsonError = (text: string): string => {
    try {
      JSON.parse(text);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`${text} is valid JSON`);
  };

  it('rejects an invalid package.json with its path and the parse error', async () => {
    const text = '{ "name": "@x/a", }';
    const root = folderWith({ 'package.json': NPM_ROOT, 'packages/a/package.json': text });
    await assert.rejects(discoverWorkspace(root), {
      name: 'InvalidPackageJsonError',
      message:
        `Invalid package.json at ${join(root, 'packages/a/package.json')}: it is not valid JSON (${jsonError(text)}). ` +
        'Fix the syntax: JSON allows no comments and no trailing commas.',
    });
  });

  it('rejects a "name" that is not a string', async () => {
    const root = folderWith({ 'package.json': NPM_ROOT, 'packages/api/package.json': { name: 42, scripts: { build: 'tsc' } } });
    await assert.rejects(discoverWorkspace(root), {
      name: 'InvalidPackageJsonError',
      message:
        `Invalid package.json at ${join(root, 'packages/api/package.json')}: "name" must be a string, but is a number (42). ` +
        'Set it to a package name such as "api", or remove it: a package without a name is built by its folder.',
    });
  });

  it('refuses names npm refuses, such as __proto__, a NUL character or a leading dot, and says why', async () => {
    for (const [name, reason] of [
      ['__proto__', /name cannot start with an underscore/],
      ['a\u0000b', /name can only contain URL-friendly characters/],
      ['.hidden', /name cannot start with a period/],
      ['x'.repeat(215), /longer than 214 characters/],
    ] as const) {
      const root = folderWith({ 'package.json': NPM_ROOT, 'packages/a/package.json': manifest(name) });
      await assert.rejects(discoverWorkspace(root), (error: Error) => {
        assert.ok(error instanceof InvalidPackageJsonError);
        assert.match(error.message, /"name" ".*" is not a valid npm package name \(/);
        assert.match(error.message, reason);
        assert.match(error.message, /Rename the package by npm’s rules/);
        return true;
      });
    }
    const mixedCase = folderWith({ 'package.json': NPM_ROOT, 'packages/a/package.json': manifest('@Acme/Legacy-Name') });
    assert.deepEqual(
      (await discoverWorkspace(mixedCase)).packages.map((pkg) => pkg.name),
      ['@Acme/Legacy-Name'],
      'older names npm still installs are kept',
    );
  });

  it('refuses a package folder that a link or a glob leads out of the workspace, naming where it leads', async () => {
    const outside = folderWith({ 'evil/package.json': manifest('evil', { scripts: { build: 'touch /tmp/owned' } }) });
    const linked = folderWith({ 'package.json': NPM_ROOT, 'packages/a/package.json': manifest('a') });
    symlinkSync(join(outside, 'evil'), join(linked, 'packages', 'evil'));
    const globbed = folderWith({
      'package.json': { ...NPM_ROOT, workspaces: ['packages/*', `../${basename(outside)}/*`] },
      'packages/a/package.json': manifest('a'),
    });
    const linkedManifest = folderWith({ 'package.json': NPM_ROOT, 'packages/a/package.json': manifest('a') });
    mkdirSync(join(linkedManifest, 'packages', 'b'));
    symlinkSync(join(outside, 'evil', 'package.json'), join(linkedManifest, 'packages', 'b', 'package.json'));

    for (const root of [linked, globbed, linkedManifest]) {
      await assert.rejects(discoverWorkspace(root), (error: Error) => {
        assert.ok(error instanceof InvalidPackageJsonError);
        assert.match(error.message, new RegExp(`it resolves to "${join(outside, 'evil')}.*", outside the workspace root "${root}"`));
        assert.match(error.message, /remove the link or the workspace glob that leads out of it/);
        return true;
      });
    }
    const inside = folderWith({ 'package.json': NPM_ROOT, 'packages/a/package.json': manifest('a'), 'lib/b/package.json': manifest('b') });
    symlinkSync(join(inside, 'lib', 'b'), join(inside, 'packages', 'b'));
    assert.deepEqual(
      (await discoverWorkspace(inside)).packages.map((pkg) => [pkg.name, pkg.dir]),
      [
        ['a', join(inside, 'packages/a')],
        ['b', join(inside, 'lib/b')],
      ],
      'a link that stays inside is followed',
    );
  });

  it('lists every invalid package.json at once, the root one included', async () => {
    const root = folderWith({ 'package.json': { ...NPM_ROOT, packageManager: 'bun@1.1.30' }, 'packages/a/package.json': manifest('a') });
    await assert.rejects(discoverWorkspace(root), {
      name: 'InvalidPackageJsonError',
      message:
        `Invalid package.json at ${join(root, 'package.json')}: "packageManager" is a string ("bun@1.1.30"), but PackageBuilder runs ` +
        `scripts with npm, pnpm or yarn. ` +
        'Set it to one of them, e.g. "pnpm@9.12.0", or remove it to detect the package manager from the lockfile.',
    });

    const packages = folderWith({
      'package.json': NPM_ROOT,
      'packages/a/package.json': '[]',
      'packages/b/package.json': manifest('b', { scripts: { build: ['tsc'] }, devDependencies: 'none' }),
    });
    await assert.rejects(discoverWorkspace(packages), (error) => {
      assert.ok(error instanceof InvalidPackageJsonError);
      assert.equal(
        error.message,
        'Found 3 invalid package.json files:\n' +
          `  - Invalid package.json at ${join(packages, 'packages/a/package.json')}: it must hold a JSON object, but holds an empty ` +
          `array. Put the package fields in one { } object.\n` +
          `  - Invalid package.json at ${join(packages, 'packages/b/package.json')}: "scripts"["build"] must be a string, but is an ` +
          `array of 1 item. Write it as "scripts": { "<name>": "<string>" }.\n` +
          `  - Invalid package.json at ${join(packages, 'packages/b/package.json')}: "devDependencies" must be an object, but is a ` +
          `string ("none"). Write it as "devDependencies": { "<name>": "<string>" }.`,
      );
      assert.equal(error.problems.length, 3);
      return true;
    });
  });
});

describe('selectPackages', () => {
  const pkg = (name: string, dependencies: string[]): WorkspacePackage => ({
    name,
    packageName: name,
    version: '1.0.0',
    dir: `/repo/packages/${name}`,
    relativeDir: `packages/${name}`,
    scripts: { build: 'tsc' },
    dependencies,
    devDependencies: [],
    declarationIndex: 0,
  });
  const workspace: Workspace = {
    root: '/repo',
    packageManager: 'pnpm',
    packages: [pkg('app', ['ui', 'utils']), pkg('cli', ['utils']), pkg('docs', []), pkg('ui', ['utils']), pkg('utils', [])],
  };

  it('selects the named packages only, as pnpm does; dependencies left out are not part of the run', () => {
    const selected = selectPackages(workspace, ['app']);
    assert.deepEqual(
      selected.packages.map((p) => [p.name, p.dependencies]),
      [['app', []]],
    );
    assert.deepEqual(
      selectPackages(workspace, ['cli', 'docs', 'cli', 'utils']).packages.map((p) => [p.name, p.dependencies]),
      [
        ['cli', ['utils']],
        ['docs', []],
        ['utils', []],
      ],
    );
    assert.equal(selectPackages(workspace, ['ui']).root, '/repo');
  });

  it('selects the whole workspace without filters', () => {
    assert.equal(selectPackages(workspace, []), workspace);
  });

  it('rejects filters that match nothing, suggesting close names', () => {
    assert.throws(
      () => selectPackages(workspace, ['ap', 'utils', 'website']),
      (error) => {
        assert.ok(error instanceof UnmatchedFilterError);
        assert.equal(
          error.message,
          'The filters "ap" (did you mean "app"?), "website" match no package. ' +
            'The workspace at /repo has "app", "cli", "docs", "ui", "utils". ' +
            'Filter as pnpm does: by the "name" in a package.json (with * globs: "@acme/*"), by folder relative to the workspace ' +
            'root ("./packages/*"), "pkg..." with its dependencies, "...pkg" with its dependents, "!selector" to leave out.',
        );
        return true;
      },
    );
  });

  it('suggests the scoped name for a mistyped name without its scope', async () => {
    const monorepo = await discoverWorkspace(join(FIXTURES, 'monorepo'));
    assert.throws(() => selectPackages(monorepo, ['cashe']), {
      name: 'UnmatchedFilterError',
      message: new RegExp(
        '^The filter "cashe" \\(did you mean "@acme/cache"\\?\\) matches no package\\. ' +
          `The workspace at ${join(FIXTURES, 'monorepo')} has "@acme/admin", "@acme/api-client", .* and 12 more\\. Filter as pnpm does`,
      ),
    });
  });
});

describe('package-builder fixtures', () => {
  it('monorepo: 22 packages, 82 edges in 10 layers, two without a build script, a 6.1 s critical path', async () => {
    const workspace = await discoverWorkspace(join(FIXTURES, 'monorepo'));
    const graph = workspaceGraph(workspace);
    const durations = buildDurations(workspace, graph);

    assert.equal(workspace.packageManager, 'npm');
    assert.equal(graph.size, 22);
    assert.ok(workspace.packages.every((pkg) => pkg.name.startsWith('@acme/') && existsSync(join(pkg.dir, 'src', 'index.js'))));
    assert.equal(graph.edgeCount, 82);
    assert.equal(layers(graph).length, 10);
    assert.deepEqual(
      workspace.packages.filter((pkg) => pkg.scripts.build === undefined).map((pkg) => pkg.name),
      ['@acme/e2e', '@acme/types'],
    );
    assert.ok(durations.includes(200) && durations.includes(1500));
    assert.deepEqual(criticalPath(graph, durations), {
      keys: [
        '@acme/types',
        '@acme/utils',
        '@acme/config',
        '@acme/logger',
        '@acme/events',
        '@acme/cache',
        '@acme/auth',
        '@acme/api-client',
        '@acme/admin',
        '@acme/e2e',
      ],
      length: 6100,
    });
    assert.deepEqual(lowerBound(graph, durations, 4), { criticalPath: 6100, totalWork: 15600, bound: 6100 });
  });

  it('monorepo-failing: the same graph, with a failing @acme/cache that blocks some packages and not others', async () => {
    const passing = await discoverWorkspace(join(FIXTURES, 'monorepo'));
    const failing = await discoverWorkspace(join(FIXTURES, 'monorepo-failing'));
    assert.deepEqual(dependenciesByName(failing), dependenciesByName(passing));

    const changed = failing.packages.filter((pkg, k) => pkg.scripts.build !== passing.packages[k].scripts.build);
    assert.deepEqual(
      changed.map((pkg) => [pkg.name, pkg.scripts.build]),
      [['@acme/cache', 'node ../../../tools/build-package.mjs 300 --fail']],
    );
    const graph = workspaceGraph(failing);
    const blocked = transitiveDependents(graph, graph.indexOf('@acme/cache')).map((v) => graph.keys[v]);
    assert.deepEqual(blocked, ['@acme/admin', '@acme/api-client', '@acme/auth', '@acme/cli', '@acme/e2e', '@acme/mobile', '@acme/web']);
  });

  it('fifo-adversarial: at concurrency 2, FIFO takes 6.0 s where critical-path-first takes 4.5 s, the lower bound', async () => {
    const workspace = await discoverWorkspace(join(FIXTURES, 'fifo-adversarial'));
    const graph = workspaceGraph(workspace);
    const durations = buildDurations(workspace, graph);
    const levels = bottomLevels(graph, durations);

    assert.equal(graph.size, 6);
    assert.equal(graph.edgeCount, 2);
    assert.deepEqual(lowerBound(graph, durations, 2), { criticalPath: 4500, totalWork: 9000, bound: 4500 });
    // Ids are in name order, so FIFO by name is by id.
    assert.equal(
      makespan(graph, durations, 2, (a, b) => a - b),
      6000,
    );
    assert.equal(
      makespan(graph, durations, 2, (a, b) => levels[b] - levels[a] || a - b),
      4500,
    );
  });
});

describe('fixture build tool', () => {
  const tool = join(FIXTURES, 'tools', 'build-package.mjs');
  const packageFolder = () =>
    folderWith({ 'package.json': manifest('@acme/probe'), 'src/index.js': "export const name = '@acme/probe';\n" });

  it('builds dist/index.js from src/index.js and logs start and end of its process', () => {
    const dir = packageFolder();
    const log = join(dir, 'events.jsonl');
    const run = spawnSync(process.execPath, [tool, '60'], { cwd: dir, encoding: 'utf8', env: { ...process.env, BATON_FIXTURE_LOG: log } });

    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\[@acme\/probe\] compiling src\/index\.js…\n[^]*\[@acme\/probe\] done in \d+ ms\n$/);
    assert.match(readFileSync(join(dir, 'dist', 'index.js'), 'utf8'), /export const name = '@acme\/probe';/);
    const events = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      events.map(({ package: name, event, pid }) => [name, event, pid]),
      [
        ['@acme/probe', 'start', run.pid],
        ['@acme/probe', 'end', run.pid],
      ],
    );
    assert.ok(events[1].time - events[0].time >= 60);
  });

  it('with --fail, prints a compiler error on stderr and exits 1 without output', () => {
    const dir = packageFolder();
    const run = spawnSync(process.execPath, [tool, '20', '--fail'], { cwd: dir, encoding: 'utf8' });

    assert.equal(run.status, 1);
    assert.match(run.stderr, /^src\/index\.ts\(12,5\): error TS2322: Type 'string' is not assignable to type 'number'\.$/m);
    assert.equal(existsSync(join(dir, 'dist')), false);
  });
});

import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import {
  discoverWorkspace,
  InvalidFilterError,
  parsePackageSelector,
  selectPackages,
  UnmatchedFilterError,
  type Workspace,
} from '@baton/package-builder/workspace';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { REPO_ROOT } from '../support/repository';

const PNPM = join(REPO_ROOT, 'node_modules', '.bin', 'pnpm');
/** A copy: pnpm must not find the repository's own workspace above the fixture, and may write its state next to it. */
const SHAPES = join(copyPackageBuilderFixtures('baton-shapes-'), 'pnpm-shapes');

/** Writes files into a fresh temporary folder and returns it; objects are written as JSON. */
function folderWith(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'baton-accept-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const dependencies = (workspace: Workspace) => Object.fromEntries(workspace.packages.map((pkg) => [pkg.name, pkg.dependencies]));
const folders = (workspace: Workspace) => workspace.packages.map((pkg) => pkg.relativeDir).sort();

describe('workspaces as their package manager accepts them', () => {
  it('pnpm-shapes: nameless packages by folder, shared names by folder, aliases resolved to the workspace package', async () => {
    const workspace = await discoverWorkspace(SHAPES);
    assert.equal(workspace.packageManager, 'pnpm');
    assert.deepEqual(
      workspace.packages.map((pkg) => [pkg.name, pkg.packageName, pkg.relativeDir]),
      [
        ['./docs', undefined, 'docs'],
        ['./playground', undefined, 'playground'],
        ['@shapes/aliased', '@shapes/aliased', 'packages/aliased'],
        ['@shapes/core', '@shapes/core', 'packages/core'],
        ['@shapes/fixture (./packages/core/test/fixtures/v1)', '@shapes/fixture', 'packages/core/test/fixtures/v1'],
        ['@shapes/fixture (./packages/core/test/fixtures/v2)', '@shapes/fixture', 'packages/core/test/fixtures/v2'],
        ['@shapes/utils', '@shapes/utils', 'packages/utils'],
        ['example (./examples/react)', 'example', 'examples/react'],
        ['example (./examples/vue)', 'example', 'examples/vue'],
      ],
    );
    assert.deepEqual(dependencies(workspace), {
      './docs': ['@shapes/core'],
      './playground': ['@shapes/aliased', '@shapes/core'],
      // "core-alias": "workspace:@shapes/core@*" and "utils-alias": "npm:@shapes/utils@^1.0.0".
      '@shapes/aliased': ['@shapes/core', '@shapes/utils'],
      // "@shapes/fixture": "workspace:^2.0.0" picks the 2.0.0 of the two packages named @shapes/fixture.
      '@shapes/core': ['@shapes/fixture (./packages/core/test/fixtures/v2)', '@shapes/utils'],
      '@shapes/fixture (./packages/core/test/fixtures/v1)': [],
      '@shapes/fixture (./packages/core/test/fixtures/v2)': ['@shapes/utils'],
      '@shapes/utils': [],
      'example (./examples/react)': ['@shapes/utils'],
      'example (./examples/vue)': ['@shapes/core'],
    });
    assert.deepEqual(
      workspace.packages.filter((pkg) => pkg.scripts.build === undefined).map((pkg) => pkg.name),
      ['./playground'],
    );
  });

  it('a shared name under pnpm: a range picks the highest version it accepts, equal versions the first folder', async () => {
    const root = folderWith({
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - "*"\n',
      'a/package.json': { name: 'dup', version: '1.5.0' },
      'b/package.json': { name: 'dup', version: '1.9.0' },
      'c/package.json': { name: 'dup', version: '2.0.0', private: true },
      'd/package.json': { name: 'same', version: '1.0.0' },
      'e/package.json': { name: 'same', version: '1.0.0' },
      'app/package.json': {
        name: 'app',
        dependencies: { dup: '^1.0.0', same: 'workspace:*' },
        devDependencies: { dup: 'workspace:*' },
      },
      'any/package.json': { name: 'any', dependencies: { dup: 'workspace:*', old: 'workspace:dup@~1.5.0' } },
    });
    const workspace = await discoverWorkspace(root);
    assert.deepEqual(dependencies(workspace), {
      // "dependencies" outranks "devDependencies" for the same name, as in pnpm.
      app: ['dup (./b)', 'same (./d)'],
      any: ['dup (./a)', 'dup (./c)'],
      'dup (./a)': [],
      'dup (./b)': [],
      'dup (./c)': [],
      'same (./d)': [],
      'same (./e)': [],
    });
  });

  it('a package without a name is reached by a path only, never by a name', async () => {
    const root = folderWith({
      'package.json': { name: 'root', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - "*"\n',
      'gen/package.json': { private: true, version: '1.0.0' },
      'docs/package.json': { private: true },
      'app/package.json': { name: 'app', dependencies: { gen: 'workspace:../gen', docs: 'workspace:*', other: 'link:../docs' } },
    });
    assert.deepEqual(dependencies(await discoverWorkspace(root)), { './docs': [], './gen': [], app: ['./docs', './gen'] });
  });

  it('npm: a nameless package takes part by folder; an npm: alias comes from the registry; shared names are refused', async () => {
    const files = {
      'package.json': { name: 'root', private: true, workspaces: ['packages/*', 'docs'] },
      'packages/utils/package.json': { name: '@x/utils', version: '1.0.0' },
      'packages/core/package.json': { name: '@x/core', version: '1.0.0', dependencies: { u: 'npm:@x/utils@^1.0.0' } },
      'docs/package.json': { private: true, scripts: { build: 'vitepress build' }, devDependencies: { '@x/core': '*' } },
    };
    const workspace = await discoverWorkspace(folderWith(files));
    assert.equal(workspace.packageManager, 'npm');
    assert.deepEqual(dependencies(workspace), { './docs': ['@x/core'], '@x/core': [], '@x/utils': [] });

    const root = folderWith({
      ...files,
      'packages/fixture-a/package.json': { name: 'fixture', private: true },
      'packages/fixture-b/package.json': { name: 'fixture', private: true },
    });
    await assert.rejects(discoverWorkspace(root), {
      name: 'DuplicatePackageError',
      message:
        `The workspace at ${root} has more than one package with the same name, which npm refuses:\n` +
        `  - "fixture" in ${join(root, 'packages/fixture-a/package.json')} and ${join(root, 'packages/fixture-b/package.json')}\n` +
        'Rename all but one of them, or exclude the extra folders from the workspace globs.',
    });
  });
});

/** Filters on pnpm-shapes and the folders they select, each checked against pnpm's own selection below. */
const FILTERS: [filters: string[], folders: string[]][] = [
  [['@shapes/core'], ['packages/core']],
  [['core'], ['packages/core']],
  [
    ['@shapes/*'],
    ['packages/aliased', 'packages/core', 'packages/core/test/fixtures/v1', 'packages/core/test/fixtures/v2', 'packages/utils'],
  ],
  [['example'], ['examples/react', 'examples/vue']],
  [
    ['*'],
    [
      'examples/react',
      'examples/vue',
      'packages/aliased',
      'packages/core',
      'packages/core/test/fixtures/v1',
      'packages/core/test/fixtures/v2',
      'packages/utils',
    ],
  ],
  [['./docs'], ['docs']],
  [['./packages/*'], ['packages/aliased', 'packages/core', 'packages/utils']],
  [
    ['./packages/**'],
    ['packages/aliased', 'packages/core', 'packages/core/test/fixtures/v1', 'packages/core/test/fixtures/v2', 'packages/utils'],
  ],
  [['{./examples/*}'], ['examples/react', 'examples/vue']],
  [['./examples/{vue,react}'], ['examples/react', 'examples/vue']],
  [['./packages/core/test/fixtures/v?'], ['packages/core/test/fixtures/v1', 'packages/core/test/fixtures/v2']],
  [['./examples/*...'], ['examples/react', 'examples/vue']],
  [['{./examples/vue}...'], ['examples/vue', 'packages/core', 'packages/core/test/fixtures/v2', 'packages/utils']],
  [['@shapes/core...'], ['packages/core', 'packages/core/test/fixtures/v2', 'packages/utils']],
  [['...@shapes/core'], ['docs', 'examples/vue', 'packages/aliased', 'packages/core', 'playground']],
  [
    ['...@shapes/core...'],
    ['docs', 'examples/vue', 'packages/aliased', 'packages/core', 'packages/core/test/fixtures/v2', 'packages/utils', 'playground'],
  ],
  [['@shapes/core^...'], ['packages/core/test/fixtures/v2', 'packages/utils']],
  [['...^@shapes/core'], ['docs', 'examples/vue', 'packages/aliased', 'playground']],
  [['@shapes/*{./packages/*}'], ['packages/aliased', 'packages/core', 'packages/utils']],
  [
    ['!./examples/**'],
    [
      'docs',
      'packages/aliased',
      'packages/core',
      'packages/core/test/fixtures/v1',
      'packages/core/test/fixtures/v2',
      'packages/utils',
      'playground',
    ],
  ],
  [
    ['@shapes/*', '!@shapes/fixture'],
    ['packages/aliased', 'packages/core', 'packages/utils'],
  ],
  [
    ['...@shapes/utils', '!{./examples/*}', '!./docs'],
    ['packages/aliased', 'packages/core', 'packages/core/test/fixtures/v2', 'packages/utils', 'playground'],
  ],
  [
    ['@shapes/utils', './docs', 'example'],
    ['docs', 'examples/react', 'examples/vue', 'packages/utils'],
  ],
  [['!...@shapes/core'], ['examples/react', 'packages/core/test/fixtures/v1', 'packages/core/test/fixtures/v2', 'packages/utils']],
];

/** What pnpm itself selects: `pnpm ls --filter … --depth -1 --json`, without the root package, which Baton never builds. */
function pnpmSelects(filters: readonly string[]): string[] {
  const run = spawnSync(PNPM, ['ls', ...filters.flatMap((filter) => ['--filter', filter]), '--depth', '-1', '--json'], {
    cwd: SHAPES,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { path: string }[])
    .map((project) => relative(SHAPES, project.path))
    .filter((folder) => folder !== '')
    .sort();
}

describe('selectPackages: pnpm --filter selectors', () => {
  it.each(FILTERS)('%j selects %j, the folders pnpm selects', async (filters, expected) => {
    const workspace = await discoverWorkspace(SHAPES);
    assert.deepEqual(folders(selectPackages(workspace, filters)), expected);
    assert.deepEqual(pnpmSelects(filters), expected, 'pnpm 10 selects the same folders');
  });

  it('keeps only dependencies inside the selection: a selected package builds without the ones left out', async () => {
    const selected = selectPackages(await discoverWorkspace(SHAPES), ['@shapes/aliased', '@shapes/utils']);
    assert.deepEqual(dependencies(selected), { '@shapes/aliased': ['@shapes/utils'], '@shapes/utils': [] });
  });

  it('names every filter that matches nothing, with the close names and the folder of a nameless package', async () => {
    const workspace = await discoverWorkspace(SHAPES);
    assert.throws(
      () => selectPackages(workspace, ['@shapes/core', 'docs', '@shapes/utls...', '!./apps/*', '@other/*']),
      (error) => {
        assert.ok(error instanceof UnmatchedFilterError);
        assert.deepEqual(error.unmatched, [
          { filter: 'docs', suggestions: ['./docs'] },
          { filter: '@shapes/utls...', suggestions: ['@shapes/utils'] },
          { filter: '@other/*', suggestions: [] },
          { filter: '!./apps/*', suggestions: [] },
        ]);
        assert.match(
          error.message,
          new RegExp(
            '^The filters "docs" \\(did you mean "\\./docs"\\?\\), "@shapes/utls\\.\\.\\." \\(did you mean "@shapes/utils"\\?\\), ' +
              '"@other/\\*", "!\\./apps/\\*" match no package\\. ' +
              'The workspace at .* has "\\./docs", "\\./playground", "@shapes/aliased", .* Filter as pnpm does',
          ),
        );
        return true;
      },
    );
  });

  it.each([
    ['...', 'The filter "..." names no package and no folder. Filter as pnpm does: '],
    ['!', 'The filter "!" names no package and no folder. '],
    [
      '@shapes/core[origin/main]',
      'The filter "@shapes/core[origin/main]" selects packages changed since origin/main, which PackageBuilder does not support: it ' +
        'does not read git. Name the packages or folders to build instead.',
    ],
  ])('refuses %j with a message that says what to write instead', async (filter, message) => {
    const workspace = await discoverWorkspace(SHAPES);
    assert.throws(
      () => selectPackages(workspace, [filter]),
      (error: Error) => {
        assert.ok(error instanceof InvalidFilterError);
        assert.ok(error.message.startsWith(message), error.message);
        return true;
      },
    );
  });

  it.each([
    ['@a/b', { namePattern: '@a/b' }],
    ['!@a/*', { exclude: true, namePattern: '@a/*' }],
    ['a...', { includeDependencies: true, namePattern: 'a' }],
    ['...a', { includeDependents: true, namePattern: 'a' }],
    ['...a...', { includeDependencies: true, includeDependents: true, namePattern: 'a' }],
    ['a^...', { includeDependencies: true, excludeSelf: true, namePattern: 'a' }],
    ['...^a', { includeDependents: true, excludeSelf: true, namePattern: 'a' }],
    ['./packages/*/', { folderPattern: 'packages/*' }],
    ['./packages/a...', { folderPattern: 'packages/a' }],
    ['.', { folderPattern: '.' }],
    ['{packages/a}...', { includeDependencies: true, folderPattern: 'packages/a' }],
    ['a{./apps/**}', { namePattern: 'a', folderPattern: 'apps/**' }],
  ])('parses %j as pnpm does', (filter, fields) => {
    assert.deepEqual(parsePackageSelector(filter), {
      filter,
      exclude: false,
      includeDependencies: false,
      includeDependents: false,
      excludeSelf: false,
      ...fields,
    });
  });
});

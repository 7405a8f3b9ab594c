import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, it } from '@jest/globals';
import { graphToDot, graphToJson, graphToMermaid, planPackages, type PlanGraph, type PlanPreview } from '@baton/package-builder';
import { breakCycles, discoverWorkspace, selectPackages, type Workspace } from '@baton/package-builder/workspace';
import { copyPackageBuilderFixtures } from '../support/package-builder-fixtures';
import { REPO_ROOT } from '../support/repository';
import { cliEnvironment, runCli } from './cli-process';

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A Baton folder whose build history has `durations` for `workspaceRoot`, and no server configured. */
function homeWithDurations(workspaceRoot: string, durations: Record<string, number>): { home: string; env: Record<string, string> } {
  const home = tempDir('baton-plan-home-');
  mkdirSync(join(home, 'package-builder'));
  writeFileSync(join(home, 'package-builder', 'durations.json'), JSON.stringify({ [workspaceRoot]: durations }));
  const env = cliEnvironment(home);
  delete env.TEMPORAL_ADDRESS;
  delete env.DATABASE_URL;
  return { home, env };
}

const noServerStarted = (home: string) => !existsSync(join(home, 'temporal')) && !existsSync(join(home, 'postgres'));

describe('baton build --dry-run and --graph: the plan, nothing built, no server', () => {
  let monorepo: Workspace;
  let vitestCycle: string;
  /** Packages with a build script, each with a recorded duration but the last one. */
  let recorded: Record<string, number>;
  let unrecorded: string;

  beforeAll(async () => {
    const fixtures = copyPackageBuilderFixtures('baton-plan-');
    monorepo = await discoverWorkspace(join(fixtures, 'monorepo'));
    vitestCycle = join(fixtures, 'vitest-cycle');
    const built = monorepo.packages.filter((pkg) => pkg.scripts.build !== undefined).map((pkg) => pkg.name);
    unrecorded = built.at(-1)!;
    recorded = Object.fromEntries(built.slice(0, -1).map((name, index) => [name, 1_000 + 100 * index]));
  });

  it('--dry-run --ui json: each package once, after its dependencies, at most 4 lanes, the recorded durations', async () => {
    const { home, env } = homeWithDurations(monorepo.root, recorded);
    const { code, stdout, stderr } = await runCli(['build', monorepo.root, '--dry-run', '--ui', 'json'], env);
    assert.equal(code, 0, stderr);
    const preview = JSON.parse(stdout) as PlanPreview & { workspace: string; warnings: string[] };

    assert.equal(preview.workspace, monorepo.root);
    assert.equal(preview.concurrency, 4);
    assert.deepEqual(preview.packages.map((pkg) => pkg.id).sort(), monorepo.packages.map((pkg) => pkg.name).sort());
    const byId = new Map(preview.packages.map((pkg) => [pkg.id, pkg]));
    for (const pkg of monorepo.packages) {
      const previewed = byId.get(pkg.name)!;
      for (const dependency of pkg.dependencies)
        assert.ok(previewed.startMs >= byId.get(dependency)!.finishMs, `${pkg.name} after ${dependency}`);
      if (pkg.scripts.build === undefined) assert.equal(previewed.lane, null, `${pkg.name} has nothing to run`);
      else assert.ok(previewed.lane! >= 1 && previewed.lane! <= 4);
      if (Object.hasOwn(recorded, pkg.name)) assert.equal(previewed.durationMs, recorded[pkg.name]);
    }
    for (const at of preview.packages.map((pkg) => pkg.startMs)) {
      assert.ok(preview.packages.filter((pkg) => pkg.lane !== null && pkg.startMs <= at && at < pkg.finishMs).length <= 4);
    }
    assert.deepEqual(preview.unrecorded, [unrecorded]);
    assert.equal(preview.makespanMs, Math.max(...preview.packages.map((pkg) => pkg.finishMs)));
    assert.ok(preview.lowerBound.bound <= preview.makespanMs);
    assert.deepEqual(preview.warnings, []);
    assert.ok(noServerStarted(home), 'no server was started');
  });

  it('--dry-run: the same plan as text, with the predicted time, the lower bound and the critical path', async () => {
    const { home, env } = homeWithDurations(monorepo.root, recorded);
    const json = JSON.parse((await runCli(['build', monorepo.root, '--dry-run', '--ui', 'json', '-c', '2'], env)).stdout) as PlanPreview;
    const { code, stdout, stderr } = await runCli(['build', monorepo.root, '--dry-run', '--concurrency', '2'], env);
    assert.equal(code, 0, stderr);

    const lines = stdout.split('\n');
    assert.match(lines[0], /^Plan for .*monorepo: 22 packages, 20 to build, at most 2 at once \(dry run: nothing was built\)\.$/);
    const rows = lines.slice(2, 2 + json.packages.length);
    assert.deepEqual(
      rows.map((row) => row.trim().split(/\s+/)[5]),
      json.packages.map((pkg) => pkg.id),
      'one row per package, in start order',
    );
    assert.match(
      rows.find((row) => row.includes(unrecorded))!,
      /\(no recorded duration\)$/,
    );
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    assert.ok(stdout.includes(`\nPredicted time: ${seconds(json.makespanMs)} if every package takes its recorded duration.\n`), stdout);
    assert.ok(
      stdout.includes(`\nLower bound: ${seconds(json.lowerBound.bound)} (critical path ${seconds(json.lowerBound.criticalPath)}, `),
    );
    assert.ok(stdout.includes(`\nCritical path: ${json.criticalPath.join(' → ')}\n`));
    assert.match(
      stdout,
      new RegExp(`\\nNo recorded duration for 1 of them, each assumed to take [0-9.]+ s \\(the mean of the others\\): ${unrecorded}\\n`),
    );
    assert.ok(noServerStarted(home), 'no server was started');
  });

  it('--dry-run on a dependency cycle: the cycle warning, and no package manager needed', async () => {
    const { env } = homeWithDurations(vitestCycle, {});
    // No pnpm on this PATH: a dry run does not run any script.
    const { code, stdout, stderr } = await runCli(['build', vitestCycle, '--dry-run'], { ...env, PATH: '/usr/bin:/bin' });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\n⚠ Dependency cycle: @vitest\/browser, @vitest\/browser-playwright and @vitest\/ui depend on each other/);
    assert.match(stdout, /\nNo recorded durations yet/);
  });

  it.each([
    ['json', graphToJson],
    ['dot', graphToDot],
    ['mermaid', graphToMermaid],
  ])('--graph %s prints the selected packages’ graph, nothing else, and exits 0', async (format, render) => {
    const { home, env } = homeWithDurations(monorepo.root, {});
    const filter = '@acme/web...';
    const { code, stdout, stderr } = await runCli(['build', monorepo.root, '--graph', format, '--filter', filter], env);
    assert.equal(code, 0, stderr);
    const selected = breakCycles(selectPackages(monorepo, [filter]));
    assert.equal(stdout, render(planPackages(monorepo, selected, { workspace: monorepo.root }, {})));
    assert.ok(noServerStarted(home), 'no server was started');
    if (format === 'json') {
      const graph = JSON.parse(stdout) as PlanGraph;
      assert.deepEqual(graph.packages.map((pkg) => pkg.id).sort(), selected.packages.map((pkg) => pkg.name).sort());
      assert.equal(
        graph.dependencies.length,
        selected.packages.map((pkg) => pkg.dependencies.length).reduce((a, b) => a + b, 0),
      );
      assert.deepEqual(
        graph.packages.filter((pkg) => !pkg.runs).map((pkg) => pkg.id),
        selected.packages.filter((pkg) => pkg.scripts.build === undefined).map((pkg) => pkg.name),
      );
    }
  });

  it.each([
    ['a filter matching nothing', ['--filter', 'no-such-package', '--dry-run'], /^The filter "no-such-package" matches no package\./],
    [
      'a filter matching nothing, with --graph',
      ['--filter', './nowhere/*', '--graph', 'json'],
      /^The filter "\.\/nowhere\/\*" matches no package\./,
    ],
    ['an unknown graph format', ['--graph', 'svg'], /^--graph must be one of json, dot, mermaid, got "svg"\.\nUsage: baton build/],
    ['--graph with --dry-run', ['--graph', 'dot', '--dry-run'], /^--graph and --dry-run each print something else/],
  ])('exits 2 for %s, before anything starts', async (_title, args, message) => {
    const { home, env } = homeWithDurations(monorepo.root, {});
    const { code, stdout, stderr } = await runCli(['build', monorepo.root, ...args], env);
    assert.equal(code, 2, stderr);
    assert.match(stderr, message);
    assert.equal(stdout, '');
    assert.ok(noServerStarted(home), 'no server was started');
  });

  it('a build with a filter matching nothing exits 2 before any server starts', async () => {
    const { home, env } = homeWithDurations(monorepo.root, {});
    const { code, stderr } = await runCli(['build', monorepo.root, '--filter', '...nothing'], env);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^The filter "\.\.\.nothing" matches no package\./);
    assert.ok(noServerStarted(home), 'no server was started');
  });
});

describe('baton build: dependency cycle warnings', () => {
  it('warns about a cycle before the build starts, and again in the final report', async () => {
    const workspace = join(copyPackageBuilderFixtures('baton-cycle-warning-'), 'vitest-cycle');
    // A pnpm workspace: the user's pnpm (Baton's, linked from a folder of the "user's" PATH).
    const userBin = tempDir('baton-user-bin-');
    symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules', '.bin', 'pnpm')), join(userBin, 'pnpm'));
    const env = cliEnvironment(tempDir('baton-plan-home-'));
    const { code, stdout, stderr } = await runCli(['build', workspace, '--ui', 'plain'], {
      ...env,
      PATH: `${userBin}${delimiter}${env.PATH}`,
    });
    assert.equal(code, 0, stderr);
    const warning = '⚠ Dependency cycle: @vitest/browser, @vitest/browser-playwright and @vitest/ui depend on each other';
    const first = stdout.indexOf(warning);
    const second = stdout.indexOf(warning, first + 1);
    assert.ok(first !== -1 && first < stdout.indexOf('PackageBuilder '), `before the run starts:\n${stdout}`);
    assert.ok(second > stdout.indexOf('succeeded  vitest'), `and in the report, after the last package:\n${stdout}`);
  });
});

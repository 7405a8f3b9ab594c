/**
 * Does PackageBuilder see a real pnpm workspace as pnpm does? For each workspace folder given (a checkout, or just its
 * package.json files and pnpm-workspace.yaml), compares the packages `discoverWorkspace` finds with `pnpm ls -r`, and
 * for every package the dependencies `--filter "{./folder}^..."` selects with pnpm's own selection. Prints both figures
 * of each workspace with their target and PASS or MISS; exits 1 on any MISS.
 * Run: `npm run build && node dist/bench/workspace-parity.bench.js <workspace>…` (pnpm from node_modules/.bin, told not
 * to switch to the version the workspace's packageManager names).
 */
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { discoverWorkspace, selectPackages, type Workspace } from '@baton/package-builder/workspace';
import { judged, rowLine } from './support/bench-report';

const PNPM = join(__dirname, '..', '..', 'node_modules', '.bin', 'pnpm');

/** The folders pnpm lists for these arguments, relative to the root, without the root package (Baton builds workspace packages only). */
function pnpmFolders(root: string, args: readonly string[]): string[] {
  const run = spawnSync(PNPM, [...args, '--depth', '-1', '--json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_manage_package_manager_versions: 'false', npm_config_update_notifier: 'false' },
  });
  if (run.status !== 0) throw new Error(`pnpm ${args.join(' ')} failed in ${root}: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { path: string }[])
    .map((project) => relative(root, project.path))
    .filter((folder) => folder !== '')
    .sort();
}

function batonFolders(workspace: Workspace, filters: readonly string[]): string[] {
  return selectPackages(workspace, filters)
    .packages.map((pkg) => pkg.relativeDir)
    .sort();
}

async function compare(root: string): Promise<boolean> {
  const workspace = await discoverWorkspace(root);
  const listed = pnpmFolders(root, ['ls', '-r']);
  const found = batonFolders(workspace, []);
  // The lists are equal iff every folder of the longer one is in both.
  const inBoth = found.filter((folder) => listed.includes(folder)).length;
  const either = Math.max(found.length, listed.length);
  const differing = workspace.packages.filter((pkg) => {
    const filter = `{./${pkg.relativeDir}}^...`;
    return JSON.stringify(batonFolders(workspace, [filter])) !== JSON.stringify(pnpmFolders(root, ['ls', '--filter', filter]));
  });
  const nameless = workspace.packages.filter((pkg) => pkg.packageName === undefined).length;
  const shared = workspace.packages.filter((pkg) => pkg.packageName !== undefined && pkg.name !== pkg.packageName).length;
  const edges = workspace.packages.reduce((sum, pkg) => sum + pkg.dependencies.length, 0);
  const total = workspace.packages.length;
  const rows = [
    judged(
      `${root}: package folders Baton and pnpm both list`,
      inBoth,
      { atLeast: either },
      (count) => `${count} of ${either}`,
      `Baton finds ${total} (${nameless} without a name, ${shared} sharing a name, ${edges} edges), pnpm lists ${listed.length}`,
    ),
    judged(
      `${root}: packages whose dependencies Baton selects as pnpm does`,
      total - differing.length,
      { atLeast: total },
      (count) => `${count} of ${total}`,
      differing.length === 0 ? '' : `differ: ${differing.map((pkg) => pkg.name).join(', ')}`,
    ),
  ];
  for (const row of rows) console.log(rowLine(row));
  return rows.every((row) => row.verdict === 'PASS');
}

async function main(): Promise<void> {
  const roots = process.argv.slice(2).map((root) => resolve(root));
  if (roots.length === 0) {
    console.error('Usage: node dist/bench/workspace-parity.bench.js <pnpm workspace folder>…');
    process.exit(2);
  }
  let equal = true;
  for (const root of roots) equal = (await compare(root)) && equal;
  process.exitCode = equal ? 0 : 1;
}

void main();

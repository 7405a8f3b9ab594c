import { resolve } from 'node:path';
import { maxSatisfying } from 'semver';
import type { PackageManager } from './workspace.types';

/** A workspace package as dependency resolution sees it. */
export interface ResolvablePackage {
  /** Absolute real folder. */
  dir: string;
  /** Its package.json `name`; a package without one cannot be depended on by name. */
  packageName: string | undefined;
  version: string;
}

/** The workspace's packages by name and by folder, for resolving every declared dependency. */
export interface PackageIndex {
  packages: readonly ResolvablePackage[];
  /** Indexes of the packages with each name, in the order of `packages`. */
  byName: ReadonlyMap<string, readonly number[]>;
  byDir: ReadonlyMap<string, number>;
}

export function indexPackages(packages: readonly ResolvablePackage[]): PackageIndex {
  const byName = new Map<string, number[]>();
  packages.forEach(({ packageName }, index) => {
    if (packageName !== undefined) byName.set(packageName, [...(byName.get(packageName) ?? []), index]);
  });
  return { packages, byName, byDir: new Map(packages.map((pkg, index) => [pkg.dir, index])) };
}

/** pnpm's `workspace:[<alias>@]<version>`: the alias names the workspace package when the dependency is called otherwise. */
const WORKSPACE_SPEC = /^workspace:(?:(?<alias>[^._/][^@]*)@)?(?<version>.*)$/;

/**
 * Which workspace package a declared dependency gets, as the package managers resolve it (pnpm's project graph, npm's
 * arborist), or undefined when it comes from the registry:
 * - `workspace:` protocol: the package of that name (or of the alias in `workspace:@scope/real@*`) whose version
 *   the range picks, the highest when several do; `workspace:../path` and `file:`/`link:` paths: the package in
 *   that folder;
 * - a semver range (`^1.2.0`, `*`): the highest workspace version it accepts. A satisfied range counts even where a
 *   package manager may be set to fetch it anyway: an extra edge only costs some parallelism, a missing one breaks
 *   the build. Dist-tags such as `latest` resolve from the registry (as in npm's arborist);
 * - an `npm:` alias (`npm:@scope/real@^1`): like the range on the real name, except under npm, which fetches
 *   aliases from the registry.
 * Several packages sharing a name (pnpm allows it) are told apart by version; among equal versions the first by
 * folder wins, as in pnpm. A `workspace:` range no version satisfies still links the first of them: the package
 * manager insists on the workspace copy.
 */
export function resolveDependency(
  name: string,
  spec: string,
  fromDir: string,
  index: PackageIndex,
  packageManager: PackageManager,
): number | undefined {
  const workspace = WORKSPACE_SPEC.exec(spec)?.groups;
  if (workspace !== undefined) {
    if (isRelativePath(workspace.version)) return index.byDir.get(resolve(fromDir, workspace.version));
    return byRange(index, workspace.alias ?? name, ['^', '~', ''].includes(workspace.version) ? '*' : workspace.version, true);
  }
  if (spec.startsWith('file:') || spec.startsWith('link:')) return index.byDir.get(resolve(fromDir, spec.slice('file:'.length)));
  if (spec.startsWith('npm:')) {
    if (packageManager === 'npm') return undefined;
    const target = spec.slice('npm:'.length);
    const at = target.lastIndexOf('@');
    return at < 1 ? undefined : byRange(index, target.slice(0, at), target.slice(at + 1), false);
  }
  return byRange(index, name, spec, false);
}

function isRelativePath(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../');
}

function byRange({ packages, byName }: PackageIndex, name: string, range: string, workspace: boolean): number | undefined {
  const candidates = byName.get(name);
  if (candidates === undefined) return undefined;
  const any = range === '' || range === '*';
  const picked = maxSatisfying(
    candidates.map((index) => packages[index].version),
    any ? '*' : range,
    any ? { includePrerelease: true } : { loose: true },
  );
  const version =
    candidates.find((index) => packages[index].version === range) ?? candidates.find((index) => packages[index].version === picked);
  return version ?? (workspace ? candidates[0] : undefined);
}

/** What a package's id is made of. */
interface IdentifiedPackage {
  /** Its package.json `name`, undefined when it has none. */
  packageName: string | undefined;
  /** Folder relative to the workspace root, with forward slashes (`.` for the root itself). */
  relativeDir: string;
}

/**
 * A unique, stable id for each package, in the order given: its name when no other package has it, its folder
 * (`./docs`) when it has no name, and `<name> (./<folder>)` for packages sharing a name. An id never equals another
 * package's name: npm names neither start with "." nor hold spaces. The folder form is also a `--filter` selector.
 */
export function packageIds(packages: readonly IdentifiedPackage[]): string[] {
  const counts = new Map<string, number>();
  for (const { packageName } of packages) if (packageName !== undefined) counts.set(packageName, (counts.get(packageName) ?? 0) + 1);
  return packages.map(({ packageName, relativeDir }) => {
    const folder = relativeDir === '.' ? '.' : `./${relativeDir}`;
    if (packageName === undefined) return folder;
    return counts.get(packageName) === 1 ? packageName : `${packageName} (${folder})`;
  });
}

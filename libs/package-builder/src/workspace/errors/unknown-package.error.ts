/** A filter name that matches no workspace package, with the names it was probably meant to be. */
export interface UnknownPackage {
  name: string;
  /** Closest workspace package names, best first; may be empty. */
  suggestions: string[];
}

const LISTED_KNOWN_PACKAGES = 10;

/** A package filter names a package the workspace does not have. */
export class UnknownPackageError extends Error {
  override readonly name = 'UnknownPackageError';

  constructor(
    root: string,
    readonly unknown: readonly UnknownPackage[],
    known: readonly string[],
  ) {
    const named = unknown.map(({ name, suggestions }) =>
      suggestions.length === 0 ? `"${name}"` : `"${name}" (did you mean ${quote(suggestions, ' or ')}?)`,
    );
    super(
      `Unknown package${unknown.length === 1 ? '' : 's'} ${named.join(', ')} in the filter. ${knownPackages(root, known)} ` +
        'Filter by the "name" in a package\'s package.json.',
    );
  }
}

function knownPackages(root: string, known: readonly string[]): string {
  if (known.length === 0) return `The workspace at ${root} has no packages.`;
  const listed =
    known.length <= LISTED_KNOWN_PACKAGES
      ? quote(known, ', ')
      : `${quote(known.slice(0, LISTED_KNOWN_PACKAGES), ', ')} and ${known.length - LISTED_KNOWN_PACKAGES} more`;
  return `The workspace at ${root} has ${listed}.`;
}

function quote(names: readonly string[], separator: string): string {
  return names.map((name) => `"${name}"`).join(separator);
}

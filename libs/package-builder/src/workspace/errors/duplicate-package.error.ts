import { duplicatePackageMessage } from '../../package-builder.messages';

/** A package name claimed by more than one package.json of the workspace. */
export interface DuplicatePackage {
  name: string;
  /** Absolute paths of every package.json with this name, sorted. */
  paths: string[];
}

/** Two or more workspace packages share a name, so dependencies on it would be ambiguous. */
export class DuplicatePackageError extends Error {
  override readonly name = 'DuplicatePackageError';

  constructor(
    root: string,
    readonly duplicates: readonly DuplicatePackage[],
  ) {
    super(duplicatePackageMessage(root, duplicates));
  }
}

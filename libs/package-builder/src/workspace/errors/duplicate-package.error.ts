import { duplicatePackageMessage } from '../../package-builder.messages';
import type { PackageManager } from '../workspace.types';

/** A package name claimed by more than one package.json of the workspace. */
export interface DuplicatePackage {
  name: string;
  /** Absolute paths of every package.json with this name, sorted. */
  paths: string[];
}

/** Two or more workspace packages share a name, which the workspace's package manager (npm, yarn) refuses. */
export class DuplicatePackageError extends Error {
  override readonly name = 'DuplicatePackageError';

  constructor(
    root: string,
    packageManager: PackageManager,
    readonly duplicates: readonly DuplicatePackage[],
  ) {
    super(duplicatePackageMessage(root, packageManager, duplicates));
  }
}

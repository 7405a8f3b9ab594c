import { packageManagerNotFoundMessage } from '../package-builder.messages';
import type { PackageManager } from '../workspace/workspace.types';

/** The workspace's package manager has no executable on the worker's PATH. */
export class PackageManagerNotFoundError extends Error {
  constructor(packageManager: PackageManager, searchedDirs: readonly string[]) {
    super(packageManagerNotFoundMessage(packageManager, searchedDirs));
    this.name = 'PackageManagerNotFoundError';
  }
}

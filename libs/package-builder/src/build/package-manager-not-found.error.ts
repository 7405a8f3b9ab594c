import { packageManagerNotFoundMessage } from '../package-builder.messages';
import type { PackageManager } from '../workspace/workspace.types';

/** The workspace's package manager has no executable on the worker's PATH. */
export class PackageManagerNotFoundError extends Error {
  /** `pinned`: the version the workspace's `packageManager` field asks for, when it names one. */
  constructor(packageManager: PackageManager, pinned: string | undefined, searchedDirs: readonly string[]) {
    super(packageManagerNotFoundMessage(packageManager, pinned, searchedDirs));
    this.name = 'PackageManagerNotFoundError';
  }
}

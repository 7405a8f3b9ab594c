import { packageManagerVersionMessage } from '../package-builder.messages';
import type { LocatedPackageManager } from './package-manager.locator';

/** The package manager on PATH is of another major version than the one the workspace's `packageManager` field pins. */
export class PackageManagerVersionError extends Error {
  constructor(found: LocatedPackageManager, pinned: string, manifestPath: string) {
    super(packageManagerVersionMessage(found.name, pinned, found.version ?? '?', found.executable, manifestPath));
    this.name = 'PackageManagerVersionError';
  }
}

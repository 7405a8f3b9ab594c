import { PACKAGE_MANAGERS } from '../workspace/workspace.types';

/**
 * A script was to run through something that is not one of the package managers PackageBuilder knows. The name is
 * never joined to a path: a value such as "../../bin/sh" would otherwise pick any executable on the worker.
 */
export class UnsupportedPackageManagerError extends Error {
  constructor(packageName: string, packageManager: unknown) {
    super(
      `Package "${packageName}" was to be built with package manager ${JSON.stringify(String(packageManager)).slice(0, 120)}, ` +
        `but PackageBuilder runs scripts only with ${PACKAGE_MANAGERS.join(', ')}. ` +
        'Start a PackageBuilder run on the workspace: its plan step detects the package manager.',
    );
    this.name = 'UnsupportedPackageManagerError';
  }
}

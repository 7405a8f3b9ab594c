import { unsupportedPackageManagerMessage } from '../package-builder.messages';

/**
 * A script was to run through something that is not one of the package managers PackageBuilder knows. The name is
 * never joined to a path: a value such as "../../bin/sh" would otherwise pick any executable on the worker.
 */
export class UnsupportedPackageManagerError extends Error {
  constructor(packageName: string, packageManager: unknown) {
    super(unsupportedPackageManagerMessage(packageName, packageManager));
    this.name = 'UnsupportedPackageManagerError';
  }
}

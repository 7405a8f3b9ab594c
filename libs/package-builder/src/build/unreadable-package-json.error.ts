import { errorMessage } from '@baton/orchestration';
import { unreadablePackageJsonMessage } from '../package-builder.messages';

/** A package's package.json could not be read or parsed just before running one of its scripts. */
export class UnreadablePackageJsonError extends Error {
  constructor(packageName: string, packageJsonPath: string, cause: unknown) {
    super(unreadablePackageJsonMessage(packageName, packageJsonPath, errorMessage(cause)), { cause });
    this.name = 'UnreadablePackageJsonError';
  }
}

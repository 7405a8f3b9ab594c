import { errorMessage } from '@baton/orchestration';
/** A package's package.json could not be read or parsed just before running one of its scripts. */
export class UnreadablePackageJsonError extends Error {
  constructor(packageName: string, packageJsonPath: string, cause: unknown) {
    super(
      `Cannot read the package.json of package "${packageName}" at ${packageJsonPath}: ${errorMessage(cause)}. ` +
        `Check that the package still exists at that path and that its package.json is valid JSON.`,
      { cause },
    );
    this.name = 'UnreadablePackageJsonError';
  }
}

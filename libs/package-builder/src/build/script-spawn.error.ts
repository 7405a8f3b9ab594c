/** The operating system refused to start the package manager for a script. */
export class ScriptSpawnError extends Error {
  constructor(commandLine: string, packageName: string, packageDir: string, cause: Error) {
    super(
      `Could not start "${commandLine}" for package "${packageName}" in ${packageDir}: ${cause.message}. ` +
        `Check that the package directory exists and that the package manager executable can be run by the worker's user.`,
      { cause },
    );
    this.name = 'ScriptSpawnError';
  }
}

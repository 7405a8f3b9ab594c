/** A declared script whose name the package manager would read as an option instead of a script name. */
export class UnsafeScriptNameError extends Error {
  constructor(packageName: string, script: string) {
    super(
      `Package "${packageName}" declares a script named "${script}", which the package manager would take for an option, not a script name. ` +
        `Rename the script in its package.json so that it is not empty and does not start with "-".`,
    );
    this.name = 'UnsafeScriptNameError';
  }
}

/** A script to run is not declared in the package's own package.json, so PackageBuilder refuses to run it. */
export class MissingScriptError extends Error {
  constructor(packageName: string, packageJsonPath: string, script: string, knownScripts: readonly string[]) {
    super(
      `Package "${packageName}" has no script "${script}" in ${packageJsonPath}. ` +
        `Its scripts: ${knownScripts.map((name) => `"${name}"`).join(', ') || 'none'}. ` +
        `PackageBuilder runs only scripts declared in the package's own package.json: add "${script}" to its "scripts", or ask for one it has.`,
    );
    this.name = 'MissingScriptError';
  }
}

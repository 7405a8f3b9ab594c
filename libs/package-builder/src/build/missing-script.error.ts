import { missingScriptMessage } from '../package-builder.messages';

/** A script to run is not declared in the package's own package.json, so PackageBuilder refuses to run it. */
export class MissingScriptError extends Error {
  constructor(packageName: string, packageJsonPath: string, script: string, knownScripts: readonly string[]) {
    super(missingScriptMessage(packageName, packageJsonPath, script, knownScripts));
    this.name = 'MissingScriptError';
  }
}

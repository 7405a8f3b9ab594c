import { unsafeScriptNameMessage } from '../package-builder.messages';

/** A declared script whose name the package manager would read as an option instead of a script name. */
export class UnsafeScriptNameError extends Error {
  constructor(packageName: string, script: string) {
    super(unsafeScriptNameMessage(packageName, script));
    this.name = 'UnsafeScriptNameError';
  }
}

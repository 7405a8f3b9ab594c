import { scriptSpawnMessage } from '../package-builder.messages';

/** The operating system refused to start the package manager for a script. */
export class ScriptSpawnError extends Error {
  constructor(commandLine: string, packageName: string, packageDir: string, cause: Error) {
    super(scriptSpawnMessage(commandLine, packageName, packageDir, cause.message), { cause });
    this.name = 'ScriptSpawnError';
  }
}

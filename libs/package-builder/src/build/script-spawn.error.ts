import { scriptSpawnMessage } from '../package-builder.messages';

/** The operating system refused to start a script's shell (or yarn, for yarn workspaces). */
export class ScriptSpawnError extends Error {
  constructor(commandLine: string, packageName: string, packageDir: string, cause: Error) {
    super(scriptSpawnMessage(commandLine, packageName, packageDir, cause.message), { cause });
    this.name = 'ScriptSpawnError';
  }
}

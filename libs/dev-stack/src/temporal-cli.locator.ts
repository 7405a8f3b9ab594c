import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { InfrastructureConfigError } from '@baton/orchestration';
import { temporalCliPathMessage } from './dev-stack.messages';

/**
 * Finds the `temporal` CLI: `cliPath` (TEMPORAL_CLI_PATH) when given, else the first executable `temporal` on `pathVariable`.
 * Returns undefined when there is none, so the caller can fall back to the SDK's cached download.
 */
export function locateTemporalCli(cliPath: string | undefined, pathVariable: string | undefined = process.env.PATH): string | undefined {
  if (cliPath !== undefined) {
    const problem = executableProblem(cliPath);
    if (problem === undefined) return resolve(cliPath);
    throw new InfrastructureConfigError('TEMPORAL_CLI_PATH', temporalCliPathMessage(cliPath, problem));
  }
  // A pyenv or asdf shim counts: it is an executable script that runs the real binary.
  return findExecutable('temporal', pathVariable);
}

/** The first executable file `name` in the folders of `pathVariable`, made absolute. */
export function findExecutable(name: string, pathVariable: string | undefined = process.env.PATH): string | undefined {
  return (pathVariable ?? '')
    .split(delimiter)
    .filter((folder) => folder !== '')
    .map((folder) => resolve(join(folder, name)))
    .find((candidate) => executableProblem(candidate) === undefined);
}

function executableProblem(path: string): string | undefined {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return 'does not exist';
  }
  if (!isFile) return 'is not a file';
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return 'is not executable (chmod +x it)';
  }
}

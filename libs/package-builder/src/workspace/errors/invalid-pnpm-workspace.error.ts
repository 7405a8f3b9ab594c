import { invalidPnpmWorkspaceMessage } from '../../package-builder.messages';

/** The root's pnpm-workspace.yaml cannot be read as a list of package globs. */
export class InvalidPnpmWorkspaceError extends Error {
  override readonly name = 'InvalidPnpmWorkspaceError';

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(invalidPnpmWorkspaceMessage(path, problem));
  }
}

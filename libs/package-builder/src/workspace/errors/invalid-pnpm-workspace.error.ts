/** The root's pnpm-workspace.yaml cannot be read as a list of package globs. */
export class InvalidPnpmWorkspaceError extends Error {
  override readonly name = 'InvalidPnpmWorkspaceError';

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(
      `Invalid pnpm-workspace.yaml at ${path}: ${problem}. ` +
        'Make "packages" a list of globs, e.g.\npackages:\n  - "packages/*"\n  - "!**/test/**"',
    );
  }
}

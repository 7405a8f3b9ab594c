/** The folder PackageBuilder was pointed at is not the root of a monorepo it can build. */
export class NotAWorkspaceError extends Error {
  override readonly name = 'NotAWorkspaceError';

  static notAFolder(root: string, found: 'missing' | 'file'): NotAWorkspaceError {
    return new NotAWorkspaceError(
      `"${root}" ${found === 'missing' ? 'does not exist' : 'is a file, not a folder'}. ` +
        'Point PackageBuilder at the root folder of a monorepo (a relative path is taken from the worker’s working directory).',
    );
  }

  static missingPackageJson(root: string): NotAWorkspaceError {
    return new NotAWorkspaceError(
      `"${root}" is not a workspace: it has no package.json. ` +
        'Point PackageBuilder at the root of a monorepo: the folder whose package.json lists "workspaces", or that holds pnpm-workspace.yaml.',
    );
  }

  static noWorkspaceGlobs(root: string, manifestPath: string, pnpmWorkspacePath: string | undefined): NotAWorkspaceError {
    const pnpm = pnpmWorkspacePath === undefined ? 'there is no pnpm-workspace.yaml' : `${pnpmWorkspacePath} lists no "packages"`;
    return new NotAWorkspaceError(
      `"${root}" is not a workspace: ${manifestPath} has no "workspaces" field and ${pnpm}. ` +
        'Add "workspaces": ["packages/*"] to the package.json (npm, yarn), or list packages: ["packages/*"] in pnpm-workspace.yaml (pnpm).',
    );
  }

  static noPackagesMatched(root: string, patterns: readonly string[]): NotAWorkspaceError {
    return new NotAWorkspaceError(
      `"${root}" is not a workspace: its workspace globs ${patterns.map((pattern) => `"${pattern}"`).join(', ')} ` +
        'match no folder with a package.json (node_modules is skipped). Fix the globs, or add a package.json to each package folder.',
    );
  }

  private constructor(message: string) {
    super(message);
  }
}

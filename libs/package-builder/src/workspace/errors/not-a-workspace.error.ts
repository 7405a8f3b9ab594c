import {
  missingPackageJsonMessage,
  noPackagesMatchedMessage,
  noWorkspaceGlobsMessage,
  notAFolderMessage,
} from '../../package-builder.messages';

/** The folder PackageBuilder was pointed at is not the root of a monorepo it can build. */
export class NotAWorkspaceError extends Error {
  override readonly name = 'NotAWorkspaceError';

  static notAFolder(root: string, found: 'missing' | 'file'): NotAWorkspaceError {
    return new NotAWorkspaceError(notAFolderMessage(root, found));
  }

  static missingPackageJson(root: string): NotAWorkspaceError {
    return new NotAWorkspaceError(missingPackageJsonMessage(root));
  }

  static noWorkspaceGlobs(root: string, manifestPath: string, pnpmWorkspacePath: string | undefined): NotAWorkspaceError {
    return new NotAWorkspaceError(noWorkspaceGlobsMessage(root, manifestPath, pnpmWorkspacePath));
  }

  static noPackagesMatched(root: string, patterns: readonly string[]): NotAWorkspaceError {
    return new NotAWorkspaceError(noPackagesMatchedMessage(root, patterns));
  }

  private constructor(message: string) {
    super(message);
  }
}

import { folderOutsideWorkspaceMessage } from '../package-builder.messages';

/** A dependency folder whose files would go into a package's cache key lies outside the workspace. */
export class FolderOutsideWorkspaceError extends Error {
  constructor(packageName: string, folder: string, workspaceRoot: string) {
    super(folderOutsideWorkspaceMessage(packageName, folder, workspaceRoot));
    this.name = 'FolderOutsideWorkspaceError';
  }
}

import { notAFolderInWorkspaceMessage } from '../package-builder.messages';

/** A folder PackageBuilder writes to in a workspace (`.baton/…`) is a link or a file. */
export class NotAFolderError extends Error {
  constructor(path: string) {
    super(notAFolderInWorkspaceMessage(path));
    this.name = 'NotAFolderError';
  }
}

import { packageOutsideWorkspaceMessage } from '../package-builder.messages';

/**
 * A package folder that is not the workspace root or inside it: its scripts would get `node_modules/.bin` folders
 * from outside the workspace on their PATH, so PackageBuilder refuses to run them.
 */
export class PackageOutsideWorkspaceError extends Error {
  constructor(packageName: string, packageDir: string, workspaceRoot: string) {
    super(packageOutsideWorkspaceMessage(packageName, packageDir, workspaceRoot));
    this.name = 'PackageOutsideWorkspaceError';
  }
}

import type { PackageManager } from '../workspace/workspace.types';

const INSTALL_HINTS: Record<PackageManager, string> = {
  npm: 'npm ships with Node.js: install Node.js, or add the directory holding its npm to PATH',
  pnpm: 'install it with "npm i -g pnpm", or through Corepack with "corepack enable pnpm"',
  yarn: 'install it with "npm i -g yarn", or through Corepack with "corepack enable yarn"',
};

/** The workspace's package manager has no executable on the worker's PATH. */
export class PackageManagerNotFoundError extends Error {
  constructor(packageManager: PackageManager, searchedDirs: readonly string[]) {
    super(
      `The workspace uses ${packageManager}, but no "${packageManager}" executable is on PATH ` +
        `(searched: ${searchedDirs.join(', ') || 'PATH is empty'}). To fix it, ${INSTALL_HINTS[packageManager]}, then restart the worker.`,
    );
    this.name = 'PackageManagerNotFoundError';
  }
}

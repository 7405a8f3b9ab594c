import { Injectable } from '@nestjs/common';
import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, relative, resolve } from 'node:path';

/** Environment variable listing the folders PackageBuilder may build workspaces under. */
export const WORKSPACE_ROOTS_VARIABLE = 'BATON_WORKSPACE_ROOTS';

/**
 * The folders under which a started PackageBuilder run may build a workspace: a run started through the API runs
 * that workspace's scripts on the worker, so only trusted trees are allowed. From BATON_WORKSPACE_ROOTS (paths
 * separated by `:`, `;` on Windows); the process's working directory when unset.
 */
@Injectable()
export class WorkspaceRoots {
  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = roots.map((root) => canonical(resolve(root)));
  }

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): WorkspaceRoots {
    const listed = (env[WORKSPACE_ROOTS_VARIABLE] ?? '').split(delimiter).filter((root) => root.trim() !== '');
    return new WorkspaceRoots(listed.length === 0 ? [cwd] : listed.map((root) => resolve(cwd, root.trim())));
  }

  /** Whether `dir` (after resolving symbolic links, so a link cannot lead out) is one of the roots or inside one. */
  allows(dir: string): boolean {
    const target = canonical(resolve(dir));
    return this.roots.some((root) => {
      const path = relative(root, target);
      return path === '' || (!path.startsWith('..') && !isAbsolute(path));
    });
  }

  describe(): string {
    return this.roots.map((root) => `"${root}"`).join(', ');
  }
}

/** The real path when it exists; a path that does not exist yet is compared as written. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

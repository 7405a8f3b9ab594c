import { Injectable } from '@nestjs/common';
import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, relative, resolve, sep } from 'node:path';

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

  /** `setting`: where the roots were configured, named in the refusal so that the reader knows what to change. */
  constructor(
    roots: readonly string[],
    private readonly setting = 'PackageBuilderModule.withWorkspaceRoots()',
  ) {
    this.roots = roots.map((root) => canonical(resolve(root)));
  }

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): WorkspaceRoots {
    const listed = (env[WORKSPACE_ROOTS_VARIABLE] ?? '').split(delimiter).filter((root) => root.trim() !== '');
    return listed.length === 0
      ? new WorkspaceRoots([cwd], `${WORKSPACE_ROOTS_VARIABLE} (unset: the working directory)`)
      : new WorkspaceRoots(
          listed.map((root) => resolve(cwd, root.trim())),
          WORKSPACE_ROOTS_VARIABLE,
        );
  }

  /** Why `dir` (a workspace, or a package folder) may not be built, or undefined when it may. */
  refusal(dir: string, what: 'workspace' | 'package folder' = 'workspace'): string | undefined {
    if (this.allows(dir)) return undefined;
    const real = canonical(resolve(dir));
    return (
      `the ${what} "${resolve(dir)}"${real === resolve(dir) ? '' : ` (a link to "${real}")`} is outside the allowed roots ` +
      `(${this.describe()}); ` +
      `build a workspace under one of them, or add its folder to ${this.setting}`
    );
  }

  /** Whether `dir` (after resolving symbolic links, so a link cannot lead out) is one of the roots or inside one. */
  allows(dir: string): boolean {
    const target = canonical(resolve(dir));
    return this.roots.some((root) => {
      const path = relative(root, target);
      return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
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

import { workspaceCycleMessage } from '../../package-builder.messages';
import type { PackageManager } from '../workspace.types';

/** Where one edge of a cycle is declared. */
export interface CycleDeclaration {
  /** Path of the declaring package.json, relative to the workspace root. */
  manifest: string;
  field: string;
  dependency: string;
  spec: string;
}

/** One dependency cycle and the declarations that form it. */
export interface WorkspaceCycle {
  /** Closed path of package ids in "depends on" direction: `['@acme/a', '@acme/b', '@acme/a']`. */
  packages: string[];
  declarations: CycleDeclaration[];
}

/**
 * Workspace packages depend on each other in a circle that their package manager refuses too: yarn when the links
 * are all `dependencies` or `optionalDependencies`, pnpm with `disallowWorkspaceCycles`.
 */
export class WorkspaceCycleError extends Error {
  override readonly name = 'WorkspaceCycleError';
  /** Every cycle as a closed path of package ids. */
  readonly cycles: readonly (readonly string[])[];

  constructor(root: string, packageManager: Exclude<PackageManager, 'npm'>, cycles: readonly WorkspaceCycle[]) {
    super(workspaceCycleMessage(root, packageManager, cycles));
    this.cycles = cycles.map((cycle) => cycle.packages);
  }
}

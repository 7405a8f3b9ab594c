import { workspaceCycleMessage } from '../../package-builder.messages';

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

/** Workspace packages depend on each other in a circle, so no build order exists. */
export class WorkspaceCycleError extends Error {
  override readonly name = 'WorkspaceCycleError';
  /** Every cycle as a closed path of package ids. */
  readonly cycles: readonly (readonly string[])[];

  constructor(root: string, cycles: readonly WorkspaceCycle[]) {
    super(workspaceCycleMessage(root, cycles));
    this.cycles = cycles.map((cycle) => cycle.packages);
  }
}

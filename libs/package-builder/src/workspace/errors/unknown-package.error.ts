import { unknownPackageMessage } from '../../package-builder.messages';

/** A filter name that matches no workspace package, with the names it was probably meant to be. */
export interface UnknownPackage {
  name: string;
  /** Closest workspace package names, best first; may be empty. */
  suggestions: string[];
}

/** A package filter names a package the workspace does not have. */
export class UnknownPackageError extends Error {
  override readonly name = 'UnknownPackageError';

  constructor(
    root: string,
    readonly unknown: readonly UnknownPackage[],
    known: readonly string[],
  ) {
    super(unknownPackageMessage(root, unknown, known));
  }
}

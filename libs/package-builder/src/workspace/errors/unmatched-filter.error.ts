import { unmatchedFilterMessage } from '../../package-builder.messages';

/** A filter that selects no workspace package, with the package names it was probably meant to be. */
export interface UnmatchedFilter {
  filter: string;
  /** Closest workspace package names, best first; may be empty. */
  suggestions: string[];
}

/** A `--filter` selector matches no package of the workspace: a typo, most likely, so the run stops before building. */
export class UnmatchedFilterError extends Error {
  override readonly name = 'UnmatchedFilterError';

  constructor(
    root: string,
    readonly unmatched: readonly UnmatchedFilter[],
    known: readonly string[],
  ) {
    super(unmatchedFilterMessage(root, unmatched, known));
  }
}

import { invalidPackageJsonMessage } from '../../package-builder.messages';

/** One package.json PackageBuilder cannot use: where it is, what is wrong and how to fix it. */
export interface PackageJsonProblem {
  /** Absolute path of the package.json. */
  path: string;
  /** What is wrong, as a clause: `it has no "name"`. */
  problem: string;
  /** The fix, as a sentence. */
  fix: string;
}

/** Discovery stops with this when any package.json is unreadable or unusable; it lists every one found. */
export class InvalidPackageJsonError extends Error {
  override readonly name = 'InvalidPackageJsonError';

  constructor(readonly problems: readonly PackageJsonProblem[]) {
    super(invalidPackageJsonMessage(problems));
  }
}

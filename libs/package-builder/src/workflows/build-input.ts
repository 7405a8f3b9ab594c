import type { PackageManager } from '../workspace/workspace.types';

/** Input of the `PackageBuilder` workflow (plain JSON: any Temporal client can send it). */
export interface BuildInput {
  /** Workspace root directory (absolute, or relative to the worker's working directory). */
  workspace: string;
  /** Most packages building at once (default 4). */
  concurrency?: number;
  /** Build only these packages and what they depend on. */
  filter?: string[];
  /** Also run each package's `test` script after its build. */
  test?: boolean;
  /** Per-script timeout in ms (default 30 minutes). */
  timeoutMs?: number;
  /** Stop starting new builds at the first failure (default: keep building what does not depend on it). */
  bail?: boolean;
}

/** One package to build, as the plan step hands it to its `BuildPackage` child workflow. */
export interface PackagePlan {
  name: string;
  version: string;
  dir: string;
  relativeDir: string;
  workspaceRoot: string;
  packageManager: PackageManager;
  /** Workspace packages it depends on (within the selection). */
  dependencies: string[];
  hasBuild: boolean;
  runTests: boolean;
  /** Set when there is nothing to run (no build script, no tests asked for): the package is skipped without a child. */
  skip?: string;
  timeoutMs: number;
  /** Its build duration in the last successful run, when known: weights the scheduling priority. */
  estimatedDurationMs?: number;
}

/** Result of a `BuildPackage` child workflow that did not fail. */
export interface PackageBuildOutcome {
  name: string;
  status: 'succeeded';
  buildMs?: number;
  testMs?: number;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_SCRIPT_TIMEOUT_MS = 30 * 60_000;

import type { PackageCycle, PackageManager } from '../workspace/workspace.types';

/** Input of the `PackageBuilder` workflow (plain JSON: any Temporal client can send it). */
export interface BuildInput {
  /** Workspace root directory (absolute, or relative to the worker's working directory). */
  workspace: string;
  /** Most packages building at once (default 4). */
  concurrency?: number;
  /**
   * pnpm `--filter` selectors: build only the packages they select (`@acme/web`, `@acme/*`, `./packages/*`,
   * `@acme/web...` with its dependencies, `...@acme/core` with its dependents, `!@acme/docs` to leave out).
   */
  filter?: string[];
  /** Also run each package's `test` script after its build. */
  test?: boolean;
  /** Per-script timeout in ms (default 30 minutes). */
  timeoutMs?: number;
  /**
   * Stop at the first failure, as `pnpm -r` and `turbo run` do by default: the builds running are cancelled (their
   * processes killed) and every package not started ends `skipped`, naming the failed one; the report is still made.
   * Without it, only the failed package's dependents are blocked and everything else is built.
   */
  bail?: boolean;
  /** Build every package even when the cache holds a build of the same inputs (successful builds are still saved). */
  force?: boolean;
}

/** One package to build, as the plan step hands it to the `build` loop (one activity per package). */
export interface PackagePlan {
  /** Unique id of the package in the workspace, the loop key: its name, or a path-based id (see `WorkspacePackage.name`). */
  name: string;
  /** The `name` of its package.json; absent for a package without one. */
  packageName?: string;
  version: string;
  dir: string;
  relativeDir: string;
  workspaceRoot: string;
  packageManager: PackageManager;
  /**
   * Workspace packages it waits for (within the selection): its dependencies, less those inside a dependency cycle
   * its package manager does not wait for (see `cycle`). Never cyclic.
   */
  dependencies: string[];
  /** Set on each package of a dependency cycle: the cycle's packages and the links this one does not wait for. */
  cycle?: PackageCycle;
  hasBuild: boolean;
  runTests: boolean;
  /** Set when there is nothing to run (no build script, no tests asked for): the package is skipped without a child. */
  skip?: string;
  timeoutMs: number;
  /** Its build duration in the last successful run, when known: weights the scheduling priority. */
  estimatedDurationMs?: number;
  /** The PackageBuilder run's workflow id: its log goes to `<workspace>/.baton/runs/<workflowId>/<package>.log`. */
  workflowId?: string;
  /** Set by `force`: built even when the cache has its inputs' build. */
  force?: true;
  /**
   * What its cache key takes from its workspace dependencies: the last successful build of `packages` (built in this
   * run), the files of `folders` (relative to the workspace root: dependencies with nothing to build). Without it,
   * `dependencies`' builds.
   */
  cacheDependencies?: { packages: string[]; folders: string[] };
}

/** When one script of a package ran, measured around its processes (`pre`/`post` hooks included) on the worker. */
export interface ScriptTiming {
  script: 'build' | 'test';
  /** Wall clock (ms since the epoch) just before its first process was started. */
  startedAt: number;
  /** Wall clock (ms since the epoch) once its last process had exited and its output was closed. */
  endedAt: number;
  durationMs: number;
}

/** Result of a package's build activity that did not fail. */
export interface PackageBuildOutcome {
  name: string;
  status: 'succeeded';
  buildMs?: number;
  testMs?: number;
  /** The scripts it ran, in order: the report's work and overhead figures come from these, not from Baton's own timing. */
  scripts?: ScriptTiming[];
  /** `hit`: nothing ran, the outputs of an earlier build with the same inputs were restored. */
  cache?: 'hit' | 'miss';
  /** Its output in this run (on the worker): `<workspace>/.baton/runs/<workflow id>/<package>.log`. */
  logPath?: string;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_SCRIPT_TIMEOUT_MS = 30 * 60_000;

import type { PackageManager } from '../workspace/workspace.types';

/** One script of one package to run: always a script of the package's own package.json, through its package manager. */
export interface ScriptCommand {
  packageName: string;
  /** Absolute directory of the package (its package.json is read again before running). */
  packageDir: string;
  /** Absolute root of its workspace: the package folder or one above it; PATH gets every `node_modules/.bin` between. */
  workspaceRoot: string;
  script: string;
  packageManager: PackageManager;
  /** Kill the process group after this long. */
  timeoutMs: number;
}

export interface ScriptRun {
  /** Exit code, or null when the process was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Last 64 KB of combined stdout and stderr. */
  outputTail: string;
  timedOut: boolean;
  cancelled: boolean;
}

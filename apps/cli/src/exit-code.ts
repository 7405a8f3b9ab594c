/** The exit codes of `baton`, as docs/package-builder.md documents them. */
export const EXIT_CODE = {
  /** Every package built or was skipped; `--help`, `--version`, `--dry-run`, `--graph`. */
  success: 0,
  /** A package failed or was blocked, the build could not run, or a server could not be reached. */
  failed: 1,
  /**
   * Bad arguments, a workspace folder that does not exist or is not a workspace, or a `--filter` that is malformed or
   * matches no package: nothing was started.
   */
  usage: 2,
  /** Ctrl-C (SIGINT), 128 + 2: the build was cancelled and its scripts killed. */
  interrupted: 130,
  /** SIGTERM, 128 + 15: the same. */
  terminated: 143,
} as const;

/**
 * `ApplicationFailure.type` of the failures PackageBuilder raises, as a client sees them in a failed build (see
 * docs/protocol.md). Baton's own failure types are in `@baton/orchestration/protocol`. A workspace that cannot be
 * read fails planning with its error's class name as the type (`NotAWorkspaceError`, `WorkspaceCycleError`, …).
 */

/** The build input is refused before anything is planned (shape, or a workspace outside `BATON_WORKSPACE_ROOTS`). */
export const INVALID_BUILD_INPUT = 'InvalidBuildInput';
/** A package's script exited with a non-zero code or was killed by a signal; not retried. Details: `{ outputTail }`. */
export const PACKAGE_SCRIPT_FAILED = 'PackageScriptFailed';
/** A package's script ran past its timeout and was killed; not retried. Details: `{ outputTail }`. */
export const PACKAGE_SCRIPT_TIMED_OUT = 'PackageScriptTimedOut';
/** A package to build lies outside the allowed workspace roots; never retried. */
export const PACKAGE_OUTSIDE_ROOTS = 'PackageOutsideRoots';

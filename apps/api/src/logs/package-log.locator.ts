import { constants, lstatSync, realpathSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { packageLogFileName, packageLogPath, type WorkspaceRoots } from '@baton/package-builder';
import { logNotOnThisMachineMessage, logOutsideRootsMessage, logThroughLinkMessage, noPackageLogMessage } from '../api.messages';

/** The fields of a stored build report the log route trusts, and only after checking them. */
interface StoredReport {
  workspace?: unknown;
  packages?: unknown;
}

/** An opened package log, or why not (the HTTP status and the message for the caller). */
export type PackageLog = { file: FileHandle; size: number; fileName: string } | { status: 403 | 404; message: string };

/**
 * Opens one package's log of one execution, from nothing the request or the stored report could point elsewhere with:
 * the path is recomputed with `packageLogPath` for a package the stored report lists, and must equal the report's own
 * `logPath`; the workspace must be inside the allowed roots; nothing below it may be a symbolic link (each folder is
 * checked, the file is opened with O_NOFOLLOW, and its real path must be the recomputed one).
 */
export async function openPackageLog(
  report: unknown,
  executionId: string,
  packageName: string,
  roots: WorkspaceRoots,
): Promise<PackageLog> {
  const { workspace, packages } = (report ?? {}) as StoredReport;
  const listed = Array.isArray(packages)
    ? (packages as { name?: unknown; logPath?: unknown }[]).find((pkg) => pkg?.name === packageName)
    : undefined;
  if (typeof workspace !== 'string' || !isAbsolute(workspace) || listed === undefined || typeof listed.logPath !== 'string') {
    return { status: 404, message: noPackageLogMessage(executionId, packageName) };
  }
  const path = packageLogPath(workspace, executionId, packageName);
  if (listed.logPath !== path || !roots.allows(workspace)) {
    return { status: 403, message: logOutsideRootsMessage(packageName, roots.describe()) };
  }
  const below = relative(workspace, path).split(sep);
  for (let depth = 1; depth <= below.length; depth++) {
    const stats = statOrUndefined(join(workspace, ...below.slice(0, depth)));
    if (stats === undefined) return { status: 404, message: logNotOnThisMachineMessage(packageName, path) };
    if (stats.isSymbolicLink()) return { status: 403, message: logThroughLinkMessage(packageName, path) };
  }
  let file: FileHandle;
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return { status: 403, message: logThroughLinkMessage(packageName, path) };
  }
  const stats = await file.stat();
  if (!stats.isFile() || realpathSync(path) !== join(realpathSync(workspace), ...below)) {
    await file.close();
    return { status: 403, message: logThroughLinkMessage(packageName, path) };
  }
  return { file, size: stats.size, fileName: packageLogFileName(packageName) };
}

function statOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

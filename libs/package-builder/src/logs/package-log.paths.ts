import { join } from 'node:path';
import { safeFileName } from './file-name';

/** Baton's folder in a workspace: per-run logs (`runs/`) and the build cache (`cache/`). */
export const BATON_FOLDER = '.baton';

/** Where a PackageBuilder run keeps its packages' logs: `<workspace>/.baton/runs/<workflow id>/`. */
export function runLogFolder(workspaceRoot: string, workflowId: string): string {
  return join(workspaceRoot, ...runLogSegments(workflowId));
}

/** The run's log folder below the workspace root, one folder a segment. */
export function runLogSegments(workflowId: string): string[] {
  return [BATON_FOLDER, 'runs', safeFileName(workflowId)];
}

/** One package's log in a run: `<workspace>/.baton/runs/<workflow id>/<package>.log`, `@scope/a` as `@scope__a`. */
export function packageLogPath(workspaceRoot: string, workflowId: string, packageName: string): string {
  return join(runLogFolder(workspaceRoot, workflowId), packageLogFileName(packageName));
}

export function packageLogFileName(packageName: string): string {
  return `${safeFileName(packageName)}.log`;
}

/** Workspace discovery: which packages a monorepo has, how they depend on each other, and which of them to build. */
export type { PackageCycle, PackageManager, Workspace, WorkspacePackage } from './workspace.types';
export { discoverWorkspace } from './workspace.discovery';
export { selectPackages } from './workspace.selection';
export { breakCycles } from './workspace.cycles';
export { workspaceGraph } from './workspace.graph';
export { NotAWorkspaceError } from './errors/not-a-workspace.error';
export { InvalidPackageJsonError } from './errors/invalid-package-json.error';
export type { PackageJsonProblem } from './errors/invalid-package-json.error';
export { InvalidPnpmWorkspaceError } from './errors/invalid-pnpm-workspace.error';
export { DuplicatePackageError } from './errors/duplicate-package.error';
export type { DuplicatePackage } from './errors/duplicate-package.error';
export { WorkspaceCycleError } from './errors/workspace-cycle.error';
export type { CycleDeclaration, WorkspaceCycle } from './errors/workspace-cycle.error';
export { UnmatchedFilterError } from './errors/unmatched-filter.error';
export type { UnmatchedFilter } from './errors/unmatched-filter.error';
export { InvalidFilterError } from './errors/invalid-filter.error';
export { parsePackageSelector } from './package-selector';
export type { PackageSelector } from './package-selector';

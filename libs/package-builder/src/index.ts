export { PackageBuilderModule, PACKAGE_BUILDER_PROVIDERS } from './package-builder.module';
export { PackageBuilderWorkflow } from './workflows/package-builder.workflow';
export { BuildPackageWorkflow } from './workflows/build-package.workflow';
export type { BuildInput, PackagePlan, PackageBuildOutcome } from './workflows/build-input';
export type { BuildReport, PackageReport } from './report/build-report.types';
export { buildReport } from './report/build-report';
export { WorkspaceRoots, WORKSPACE_ROOTS_VARIABLE } from './workflows/workspace-roots';

import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { PackageBuildService } from './build/package-build.service';
import { PackageScriptService } from './build/package-script.service';
import { BuildHistoryStore } from './workflows/build-history.store';
import { BuildPlanner } from './workflows/build-planner';
import { PackageBuilderWorkflow } from './workflows/package-builder.workflow';
import { WorkspaceRoots } from './workflows/workspace-roots';

export const PACKAGE_BUILDER_PROVIDERS: Provider[] = [
  PackageBuilderWorkflow,
  BuildPlanner,
  BuildHistoryStore,
  PackageScriptService,
  PackageBuildService,
  { provide: WorkspaceRoots, useFactory: () => WorkspaceRoots.fromEnvironment() },
];

/** The PackageBuilder workflows and their activities; import it next to `OrchestrationModule`. */
@Module({ providers: PACKAGE_BUILDER_PROVIDERS })
export class PackageBuilderModule {
  /** The same, with the allowed workspace roots given here instead of read from BATON_WORKSPACE_ROOTS. */
  static withWorkspaceRoots(roots: readonly string[]): DynamicModule {
    return { module: PackageBuilderModule, providers: [{ provide: WorkspaceRoots, useValue: new WorkspaceRoots(roots) }] };
  }
}

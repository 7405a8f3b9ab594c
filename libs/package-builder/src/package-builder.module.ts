import { Module } from '@nestjs/common';
import { PackageScriptService } from './build/package-script.service';
import { BuildHistoryStore } from './workflows/build-history.store';
import { BuildPackageWorkflow } from './workflows/build-package.workflow';
import { BuildPlanner } from './workflows/build-planner';
import { PackageBuilderWorkflow } from './workflows/package-builder.workflow';

export const PACKAGE_BUILDER_PROVIDERS = [PackageBuilderWorkflow, BuildPackageWorkflow, BuildPlanner, BuildHistoryStore, PackageScriptService];

/** The PackageBuilder workflows and their activities; import it next to `OrchestrationModule`. */
@Module({ providers: PACKAGE_BUILDER_PROVIDERS })
export class PackageBuilderModule {}

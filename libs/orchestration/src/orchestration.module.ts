import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BatonClient } from './client/baton.client';
import { OrchestrationExplorer } from './discovery/orchestration.explorer';
import { OrchestrationMetadataAccessor } from './discovery/orchestration-metadata.accessor';
import { WorkflowRegistry } from './discovery/workflow.registry';
import { ORCHESTRATION_OPTIONS, type OrchestrationModuleOptions } from './orchestration-options';
import { BatonWorkerService } from './worker/baton-worker.service';

export interface OrchestrationModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // Same signature as Nest's own factory providers, so factories with injected parameters type-check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => OrchestrationModuleOptions | Promise<OrchestrationModuleOptions>;
  inject?: FactoryProvider['inject'];
}

/**
 * Turns the application's `@Workflow()` providers into Temporal workflows: validates them at init, runs the
 * workers on bootstrap (unless `worker.enabled` is false) and provides `BatonClient`.
 */
@Module({})
export class OrchestrationModule {
  static forRoot(options: OrchestrationModuleOptions): DynamicModule {
    return OrchestrationModule.withOptionsProvider({ provide: ORCHESTRATION_OPTIONS, useValue: options });
  }

  static forRootAsync(options: OrchestrationModuleAsyncOptions): DynamicModule {
    return {
      ...OrchestrationModule.withOptionsProvider({
        provide: ORCHESTRATION_OPTIONS,
        useFactory: options.useFactory,
        inject: options.inject ?? [],
      }),
      imports: [DiscoveryModule, ...(options.imports ?? [])],
    };
  }

  private static withOptionsProvider(optionsProvider: Provider<OrchestrationModuleOptions>): DynamicModule {
    return {
      module: OrchestrationModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [optionsProvider, OrchestrationMetadataAccessor, OrchestrationExplorer, WorkflowRegistry, BatonWorkerService, BatonClient],
      exports: [BatonClient, WorkflowRegistry, BatonWorkerService],
    };
  }
}

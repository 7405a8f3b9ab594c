import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BatonClient } from './client/baton.client';
import { BATON_HOME, batonHome } from './config/baton-home';
import { ExecutionReconcileScheduler } from './client/execution-reconcile.scheduler';
import { OrchestrationExplorer } from './discovery/orchestration.explorer';
import { OrchestrationMetadataAccessor } from './discovery/orchestration-metadata.accessor';
import { WorkflowRegistry } from './discovery/workflow.registry';
import { ORCHESTRATION_OPTIONS, type OrchestrationModuleOptions } from './orchestration-options';
import { validateOrchestrationOptions } from './orchestration-options.validator';
import { PersistenceModule } from './persistence';
import { BatonWorkerService } from './worker/baton-worker.service';

/**
 * Turns the application's `@Workflow()` providers into Temporal workflows: validates them at init, runs the
 * workers on bootstrap (unless `worker.enabled` is false) and provides `BatonClient`. With `persistence`, every
 * execution's progress and items are recorded in PostgreSQL.
 */
@Module({})
export class OrchestrationModule {
  static forRoot(options: OrchestrationModuleOptions): DynamicModule {
    validateOrchestrationOptions(options);
    const { persistence } = options;
    return {
      module: OrchestrationModule,
      global: true,
      imports: [
        DiscoveryModule,
        ...(persistence === undefined
          ? []
          : [PersistenceModule.forRoot({ databaseUrl: persistence.databaseUrl, retention: persistence.retention })]),
      ],
      providers: [
        { provide: ORCHESTRATION_OPTIONS, useValue: options },
        { provide: BATON_HOME, useValue: options.home ?? batonHome() },
        OrchestrationMetadataAccessor,
        OrchestrationExplorer,
        WorkflowRegistry,
        BatonWorkerService,
        BatonClient,
        ...(persistence === undefined ? [] : [ExecutionReconcileScheduler]),
      ],
      exports: [BatonClient, WorkflowRegistry, BatonWorkerService, BATON_HOME],
    };
  }
}

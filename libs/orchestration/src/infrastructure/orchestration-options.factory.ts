import { join } from 'node:path';
import type { OrchestrationModuleOptions } from '../orchestration-options';
import type { Infrastructure } from './infrastructure';
import { loadInfrastructureConfig } from './infrastructure.config';

/**
 * `OrchestrationModule` options for a process that started (or connected to) the infrastructure: its Temporal
 * server, persistence in its PostgreSQL, and workflow bundles cached under BATON_HOME.
 */
export function orchestrationOptionsFor(
  infrastructure: Infrastructure,
  extra: Pick<OrchestrationModuleOptions, 'defaultTaskQueue'> = {},
): OrchestrationModuleOptions {
  return {
    ...extra,
    temporal: infrastructure.temporal,
    persistence: { databaseUrl: infrastructure.database.url },
    worker: { bundleCacheDir: join(loadInfrastructureConfig().home, 'bundles') },
  };
}

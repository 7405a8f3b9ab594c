import { join } from 'node:path';
import type { OrchestrationModuleOptions, TemporalConnectionSettings } from '../orchestration-options';
import { loadInfrastructureConfig } from './infrastructure.config';

/**
 * The servers a process runs against. `startInfrastructure()` of @baton/dev-stack returns one; so can anything that
 * reads the addresses of a real cluster, which is why the framework names the shape instead of importing dev-stack.
 */
export interface RunningServers {
  readonly temporal: TemporalConnectionSettings;
  readonly database: { readonly url: string };
}

/**
 * `OrchestrationModule` options for a process that started (or connected to) the infrastructure: its Temporal
 * server, persistence in its PostgreSQL, and workflow bundles cached under BATON_HOME.
 */
export function orchestrationOptionsFor(
  infrastructure: RunningServers,
  extra: Pick<OrchestrationModuleOptions, 'defaultTaskQueue'> = {},
): OrchestrationModuleOptions {
  return {
    ...extra,
    temporal: infrastructure.temporal,
    persistence: { databaseUrl: infrastructure.database.url },
    worker: { bundleCacheDir: join(loadInfrastructureConfig().home, 'bundles') },
  };
}

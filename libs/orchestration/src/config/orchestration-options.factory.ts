import type { OrchestrationModuleOptions, TemporalConnectionSettings } from '../orchestration-options';

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
 * server and persistence in its PostgreSQL. Workflow bundles are cached in the user's cache folder, as by default.
 */
export function orchestrationOptionsFor(
  infrastructure: RunningServers,
  extra: Pick<OrchestrationModuleOptions, 'defaultTaskQueue' | 'worker'> = {},
): OrchestrationModuleOptions {
  return {
    ...extra,
    temporal: infrastructure.temporal,
    persistence: { databaseUrl: infrastructure.database.url },
  };
}

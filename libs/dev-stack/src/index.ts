/** Dev-only servers: an embedded Temporal dev server and PostgreSQL, started unless TEMPORAL_ADDRESS / DATABASE_URL name real ones. */
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.server';
export { embeddedTemporalServerArgs, startEmbeddedTemporal, type EmbeddedTemporal } from './embedded-temporal.server';
export { startInfrastructure, type Infrastructure, type InfrastructureLogger, type InfrastructureTemporal } from './infrastructure';
export { locateTemporalCli } from './temporal-cli.locator';
export { installTemporalCli, resolveTemporalCli } from './temporal-cli.installer';
export { EmbeddedServerStartError } from './errors/embedded-server-start.error';
export { InfrastructureConnectionError } from './errors/infrastructure-connection.error';

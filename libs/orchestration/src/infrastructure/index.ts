export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.server';
export { startEmbeddedTemporal, type EmbeddedTemporal } from './embedded-temporal.server';
export { startInfrastructure, type Infrastructure, type InfrastructureLogger, type InfrastructureTemporal } from './infrastructure';
export {
  INFRASTRUCTURE_VARIABLES,
  databaseUrlWithoutPassword,
  loadInfrastructureConfig,
  type DatabaseConfig,
  type InfrastructureConfig,
  type InfrastructureVariable,
  type InfrastructureVariableName,
  type TemporalConfig,
  type TemporalTlsConfig,
} from './infrastructure.config';
export { GRACEFUL_STOP_TIMEOUT_MS, ProcessLifecycle, type LifecycleLogger } from './process.lifecycle';
export { locateTemporalCli } from './temporal-cli.locator';
export { installTemporalCli, resolveTemporalCli } from './temporal-cli.installer';
export { buildTemporalConnectionOptions, type TemporalConnectionOptions } from './temporal-connection.options';
export { EmbeddedServerStartError } from '../errors/embedded-server-start.error';
export { InfrastructureConfigError } from '../errors/infrastructure-config.error';
export { InfrastructureConnectionError } from '../errors/infrastructure-connection.error';
export { orchestrationOptionsFor } from './orchestration-options.factory';

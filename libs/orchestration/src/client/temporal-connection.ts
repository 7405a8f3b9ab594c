import type { TemporalConnectionSettings } from '../orchestration-options';
import type { TemporalConnectionOptions } from '../config/temporal-connection.options';

/** Options for both the client `Connection` and the worker `NativeConnection`. */
export function temporalConnectionOptions(settings: TemporalConnectionSettings): TemporalConnectionOptions {
  return { ...settings.connectionOptions, address: settings.address };
}

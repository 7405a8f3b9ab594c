import type { TLSConfig } from '@temporalio/client';
import type { TemporalConnectionSettings } from '../orchestration-options';

/** Options shared by the client `Connection` and the worker `NativeConnection`: an API key implies TLS. */
export function temporalConnectionOptions(settings: TemporalConnectionSettings): { address: string; tls?: boolean | TLSConfig; apiKey?: string } {
  const tls = settings.tls ?? (settings.apiKey === undefined ? undefined : true);
  return {
    address: settings.address,
    ...(tls === undefined || tls === false ? {} : { tls }),
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
  };
}

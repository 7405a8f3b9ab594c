import type { TLSConfig } from '@temporalio/client';
import type { TemporalConfig, TemporalTlsConfig } from './infrastructure.config';

/**
 * Options accepted as they are by both the client's `Connection.connect` and the worker's `NativeConnection.connect`
 * (their own option types differ in `apiKey` and `metadata`, so neither can stand for the other).
 */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | false;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/** Connection options for a Temporal server Baton did not start: a self-hosted cluster, or Temporal Cloud (TLS + API key or mTLS). */
export function buildTemporalConnectionOptions(temporal: TemporalConfig & { address: string }): TemporalConnectionOptions {
  const { address, namespace, tls, apiKey } = temporal;
  return {
    address,
    ...(tls === undefined ? {} : { tls: tls === false ? false : toSdkTls(tls) }),
    ...(apiKey === undefined
      ? {}
      : {
          apiKey,
          // Temporal Cloud's regional endpoints route an API-key call by this header; namespace endpoints ignore it.
          metadata: { 'temporal-namespace': namespace },
        }),
  };
}

function toSdkTls({ serverNameOverride, serverRootCACertificate, clientCert, clientKey }: TemporalTlsConfig): TLSConfig {
  return {
    ...(serverNameOverride === undefined ? {} : { serverNameOverride }),
    ...(serverRootCACertificate === undefined ? {} : { serverRootCACertificate }),
    ...(clientCert === undefined || clientKey === undefined ? {} : { clientCertPair: { crt: clientCert, key: clientKey } }),
  };
}

import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime, type LogLevel, type TelemetryOptions } from '@temporalio/worker';
import { isIP } from 'node:net';
import { invalidMetricsAddressMessage, invalidTemporalLogLevelMessage } from '../orchestration.messages';
import { findFreePort } from '../process/free-port.finder';

const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Where the Temporal core of this process serves Prometheus metrics, once Baton installed the runtime with an exporter. */
let installedMetricsAddress: string | undefined;

/**
 * Installs the process-wide Temporal runtime once, before any connection: SDK and core logs at BATON_TEMPORAL_LOG_LEVEL
 * (default WARN), and no signal handlers of its own, because the Nest application owns shutdown. With
 * BATON_TEMPORAL_METRICS_ADDRESS (`ip:port`), the Temporal core also serves its worker metrics in Prometheus format
 * at `http://<address>/metrics`.
 */
export function installTemporalRuntime(env: NodeJS.ProcessEnv = process.env): void {
  const level = (env.BATON_TEMPORAL_LOG_LEVEL ?? 'WARN').toUpperCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new Error(invalidTemporalLogLevelMessage(LOG_LEVELS, env.BATON_TEMPORAL_LOG_LEVEL));
  }
  const metricsAddress = parseMetricsAddress(env.BATON_TEMPORAL_METRICS_ADDRESS);
  // The core's own logs at the same level: by default it prints its warnings to stdout whatever the logger's level.
  const telemetryOptions: TelemetryOptions = {
    logging: { filter: { core: level, other: level } },
    ...(metricsAddress === undefined ? {} : { metrics: { prometheus: { bindAddress: metricsAddress } } }),
  };
  try {
    Runtime.install({ logger: new DefaultLogger(level), shutdownSignals: [], telemetryOptions });
    installedMetricsAddress = metricsAddress;
  } catch (error) {
    // Already installed by an earlier caller in this process: its settings stand.
    if (!(error instanceof IllegalStateError)) {
      throw metricsAddress === undefined
        ? error
        : new Error(
            `The Temporal runtime could not serve metrics on ` +
              `BATON_TEMPORAL_METRICS_ADDRESS=${metricsAddress}: ${(error as Error).message}. ` +
              'Choose a free port, or unset the variable.',
            { cause: error },
          );
    }
  }
}

/**
 * The `ip:port` where this process's Temporal core serves Prometheus metrics, or undefined when the runtime was
 * installed without an exporter (or not by `installTemporalRuntime`).
 */
export function temporalMetricsAddress(): string | undefined {
  return installedMetricsAddress;
}

/**
 * A free local `ip:port` for BATON_TEMPORAL_METRICS_ADDRESS, for a process (all-in-one, tests) that serves the
 * Temporal metrics only through its own `/metrics` endpoint and needs no fixed port. Set it before the runtime is
 * installed: `env.BATON_TEMPORAL_METRICS_ADDRESS ??= await findFreeTemporalMetricsAddress()`.
 */
export async function findFreeTemporalMetricsAddress(host = '127.0.0.1'): Promise<string> {
  const port = await findFreePort(host);
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The core binds a socket address, not a host name, so the value is checked here with a message that says so. */
function parseMetricsAddress(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const address = value.trim();
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(address);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  const hostIsValid = host !== undefined && isIP(host) === (match?.[1] === undefined ? 4 : 6);
  if (!hostIsValid || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(invalidMetricsAddressMessage(value));
  }
  return address;
}

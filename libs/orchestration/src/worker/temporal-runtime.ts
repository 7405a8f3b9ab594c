import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Installs the process-wide Temporal runtime once, before any connection: SDK logs at BATON_TEMPORAL_LOG_LEVEL
 * (default WARN), and no signal handlers of its own, because the Nest application owns shutdown.
 */
export function installTemporalRuntime(env: NodeJS.ProcessEnv = process.env): void {
  const level = (env.BATON_TEMPORAL_LOG_LEVEL ?? 'WARN').toUpperCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new Error(`BATON_TEMPORAL_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, but it is "${env.BATON_TEMPORAL_LOG_LEVEL}".`);
  }
  try {
    Runtime.install({ logger: new DefaultLogger(level), shutdownSignals: [] });
  } catch (error) {
    // Already installed by an earlier caller in this process: its settings stand.
    if (!(error instanceof IllegalStateError)) {
      throw error;
    }
  }
}

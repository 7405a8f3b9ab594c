import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTemporalCli, startEmbeddedTemporal, type EmbeddedTemporal } from '@baton/dev-stack';
import { buildTemporalConnectionOptions, loadInfrastructureConfig, type TemporalConnectionSettings } from '@baton/orchestration';
import { TemporalCliMissingError } from './errors/temporal-cli-missing.error';

/** The Temporal server a testing module runs against, and how to let go of it. */
export interface TestTemporal {
  readonly settings: TemporalConnectionSettings;
  /** Whether the kit started this server (a dev server), rather than connecting to a named one. */
  readonly embedded: boolean;
  release(): Promise<void>;
}

/**
 * The dev server this process started, shared by every testing module alive at the same time (a test file with
 * several modules starts one server); stopped when the last one closes.
 */
let shared: { server: Promise<EmbeddedTemporal>; users: number } | undefined;

/**
 * `settings` when given; else TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (and the TLS and API key variables); else a
 * `temporal server start-dev` of its own, with its SQLite file in a temporary folder.
 */
export async function useTestTemporal(settings?: TemporalConnectionSettings): Promise<TestTemporal> {
  if (settings !== undefined) {
    return { settings, embedded: false, release: async () => {} };
  }
  const config = loadInfrastructureConfig();
  const { address } = config.temporal;
  if (address !== undefined) {
    return {
      settings: {
        address,
        namespace: config.temporal.namespace,
        connectionOptions: buildTemporalConnectionOptions({ ...config.temporal, address }),
      },
      embedded: false,
      release: async () => {},
    };
  }
  const current = (shared ??= { server: startDevServer(config), users: 0 });
  current.users++;
  let server: EmbeddedTemporal;
  try {
    server = await current.server;
  } catch (error) {
    if (shared === current) shared = undefined;
    throw error;
  }
  let released = false;
  return {
    settings: { address: server.address, namespace: server.namespace, connectionOptions: server.connectionOptions },
    embedded: true,
    release: async () => {
      if (released) return;
      released = true;
      if (--current.users === 0) {
        if (shared === current) shared = undefined;
        await server.stop();
      }
    },
  };
}

async function startDevServer(config: ReturnType<typeof loadInfrastructureConfig>): Promise<EmbeddedTemporal> {
  // The CLI is looked for (and installed) under BATON_HOME as the dev stack does; the server's state is thrown away.
  const cliPath = await resolveTemporalCli(config);
  if (cliPath === undefined) throw new TemporalCliMissingError(config.home);
  const home = await mkdtemp(join(tmpdir(), 'baton-test-temporal-'));
  try {
    const server = await startEmbeddedTemporal({ home, temporal: { ...config.temporal, cliPath } });
    return { ...server, stop: () => server.stop().finally(() => rm(home, { recursive: true, force: true })) };
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}

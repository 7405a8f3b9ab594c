import { CONCURRENCY_RULE } from '@baton/orchestration';
import { MAX_SCRIPT_TIMEOUT_MS } from '@baton/package-builder';
import { UI_MODES } from './progress/ui-mode';

/** Messages of the command-line tools, one builder each (the progress views in progress/ draw their own lines). */

export const BUILD_WORKSPACE_USAGE =
  'Usage: npm run build-workspace -- <workspace-dir> [--concurrency 4] [--filter <package>]… [--test] [--force] [--stream] ' +
  '[--report report.md] [--json report.json] [--timeout <ms>] [--ui tty|plain|json]';

export function workspaceCountMessage(count: number): string {
  return `Expected one workspace directory, got ${count}.`;
}

export function concurrencyOptionMessage(value: string | undefined): string {
  return `--concurrency must be ${CONCURRENCY_RULE}, got "${value}".`;
}

export function timeoutOptionMessage(value: string | undefined): string {
  return `--timeout must be a whole number of milliseconds from 1 to ${MAX_SCRIPT_TIMEOUT_MS}, got "${value}".`;
}

export function uiOptionMessage(value: string | undefined): string {
  return `--ui must be one of ${UI_MODES.join(', ')} (default: tty on a terminal, plain otherwise or when CI is set), got "${value}".`;
}

export function buildFailedMessage(reason: string): string {
  return `The build failed: ${reason}`;
}

export function reportWrittenMessage(kind: 'Markdown' | 'JSON', path: string): string {
  return `${kind} report written to ${path}`;
}

/** `where`: the database URL without its password, marked `(embedded)` for the embedded server. */
export function migrationConnectMessage(where: string, reason: string): string {
  return (
    `Cannot connect to PostgreSQL at ${where} (password hidden): ${reason}. ` +
    'Check that the server runs, and the user, password and database name in DATABASE_URL; or unset DATABASE_URL to migrate the ' +
    'embedded PostgreSQL.'
  );
}

export function migrationsRanMessage(where: string, migrations: readonly string[]): string {
  return migrations.length === 0
    ? `No pending migrations: ${where} is up to date.`
    : `Ran ${migrations.length} migration${migrations.length === 1 ? '' : 's'} ` +
        `on ${where}:\n${migrations.map((name) => `  ${name}`).join('\n')}`;
}

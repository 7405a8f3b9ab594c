import { CONCURRENCY_RULE } from '@baton/orchestration';
import { MAX_SCRIPT_TIMEOUT_MS } from '@baton/package-builder';
import { GRAPH_FORMATS } from './graph-format';
import { UI_MODES } from './progress/ui-mode';

/** Messages of the command-line tools, one builder each (the progress views in progress/ draw their own lines). */

export const BUILD_USAGE =
  'Usage: baton build <workspace-dir> [--concurrency 4] [--filter <package>]… [--test] [--bail] [--force] [--stream] ' +
  '[--report report.md] [--json report.json] [--timeout <ms>] [--ui tty|plain|json] [--verbose] [--dry-run | --graph json|dot|mermaid]';

export const BATON_USAGE = [
  'Usage: baton <command> [options]',
  '',
  'Commands:',
  "  build <workspace-dir>            Build a monorepo's packages in dependency order (alias: build-workspace)",
  '',
  'Options of build:',
  '  -c, --concurrency <n>            Most packages building at once (default 4)',
  '  -f, --filter <selector>          pnpm selectors: a name or glob, ./folder/*, pkg... (with its dependencies),',
  '                                   ...pkg (with its dependents), !pkg (leave out); repeatable',
  "      --test                       Also run each package's test script after its build",
  '      --bail                       Stop at the first failure: cancel the builds running, start no other',
  '      --force                      Build every package, even those whose inputs the cache holds a build of',
  "      --stream                     Print every package's output as it comes, prefixed with its name",
  '      --report <file.md>           Write the report as Markdown',
  '      --json <file.json>           Write the report as JSON',
  '      --timeout <ms>               Per-script timeout (default 30 minutes)',
  '      --ui tty|plain|json          Live view (default: tty on a terminal, plain otherwise or when CI is set)',
  '  -v, --verbose                    Print the start-up phases',
  '      --dry-run                    Print the plan (order, lanes, predicted time from recorded durations, lower',
  '                                   bound, critical path) and exit; nothing is built (--ui json: as JSON)',
  '      --graph json|dot|mermaid     Print the selected packages and their dependencies and exit; nothing is built',
  '',
  '  -h, --help                       Print this help',
  "      --version                    Print Baton's version",
  '',
  'Exit codes: 0 built (or printed), 1 a package failed or was blocked (or the build could not run), 2 bad arguments,',
  'not a workspace or a filter matching nothing, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).',
].join('\n');

export function unknownCommandMessage(command: string): string {
  return `Unknown command "${command}". Run "baton --help" for the commands.`;
}

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

export function graphOptionMessage(value: string): string {
  return `--graph must be one of ${GRAPH_FORMATS.join(', ')}, got "${value}".`;
}

export const GRAPH_WITH_DRY_RUN_MESSAGE = '--graph and --dry-run each print something else: give one of them.';

export function buildFailedMessage(reason: string): string {
  return `The build failed: ${reason}`;
}

export const INTERRUPTED_MESSAGE = 'Interrupted: cancelling the build (running scripts are killed)…';

export function startupLines(phases: readonly { name: string; ms: number; note: string }[], totalMs: number): string {
  const line = (name: string, ms: number, note: string) => `  ${name.padEnd(13)}${`${Math.round(ms)} ms`.padStart(8)}  ${note}`.trimEnd();
  return [
    'Start-up to the first script:',
    ...phases.map((phase) => line(phase.name, phase.ms, phase.note)),
    line('total', totalMs, ''),
  ].join('\n');
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

import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compiledScript } from '../support/repository';

/** The compiled `baton` command line, run as the package's bin runs it. */
export const BATON = compiledScript('apps/cli/src/baton.main.ts');

const run = promisify(execFile);

/** The suite's servers (set by the Jest global setup) and a Baton folder of its own; CI unset so a TTY gets `tty`. */
export function cliEnvironment(batonHome: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { BATON_HOME: batonHome, PATH: process.env.PATH ?? '' };
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'DATABASE_URL', 'BATON_TEMPORAL_LOG_LEVEL', 'TEMPORAL_CLI_PATH', 'HOME']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `baton <args>` with stdout and stderr piped; `onStdout` sees the output as it comes, with the process. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string, cli: ReturnType<typeof spawn>) => void,
): Promise<CliRun> {
  const cli = spawn(process.execPath, [BATON, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  cli.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout, cli);
  });
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => cli.once('close', (code) => resolve({ code, stdout, stderr })));
}

export const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * A real pseudo-terminal (tmux, 120×40) running `baton <args>` in bash, which then prints `__EXIT__=<code>` and
 * waits. bash, not sh: dash exits at a Ctrl-C even when its child handled it.
 */
export class Terminal {
  private readonly socket = `baton-terminal-test-${process.pid}`;

  async start(session: string, scriptDir: string, args: string[], env: Record<string, string>): Promise<void> {
    const script = join(scriptDir, `${session}.sh`);
    writeFileSync(
      script,
      [
        // The tmux server's environment comes from this process: no CI (it would make the default plain).
        'unset CI',
        ...Object.entries(env).map(([name, value]) => `export ${name}=${quote(value)}`),
        `node ${[BATON, ...args].map(quote).join(' ')}`,
        'echo "__EXIT__=$?"',
        'sleep 600',
        '',
      ].join('\n'),
    );
    await this.tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `bash ${quote(script)}`);
  }

  /** What the pane shows now. */
  async screen(session: string): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-t', session)).stdout;
  }

  /** Everything the pane showed, lines joined where they wrapped. */
  async history(session: string): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session)).stdout;
  }

  async keys(session: string, ...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', session, ...keys);
  }

  async close(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
  }

  private tmux(...args: string[]) {
    return run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args]);
  }
}

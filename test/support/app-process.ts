import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { INFRASTRUCTURE_VARIABLES } from '@baton/orchestration';

/** A Baton main (or `npm start`) run as a real process, its output collected. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves once `text` appears in the output; rejects, with the output, if the process exits first or time runs out. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `detached`: lead a process group of its own, as a shell runs a job (so that `kill(-pid)` is a terminal's Ctrl-C). */
export function startAppProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; detached?: boolean },
): AppProcess {
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, detached: options.detached, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (text: string, timeoutMs = 180_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`"${text}" did not appear within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
      const done = (error?: Error): void => {
        listeners.delete(check);
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const check = (): void => {
        if (output.includes(text)) done();
      };
      listeners.add(check);
      void exited.then(({ code, signal }) =>
        done(new Error(`The process exited (${signal ?? code}) before printing "${text}":\n${output}`)),
      );
      check();
    });
  if (child.pid === undefined) throw new Error(`${command} could not be started`);
  return { child, pid: child.pid, output: () => output, waitFor, exited };
}

/** PIDs of every process below `pid` in the process tree, as `ps` sees it now. */
export function descendantPids(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!Number.isInteger(child) || !Number.isInteger(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0;) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

/** PIDs of processes whose command line mentions `text` (a BATON_HOME names the servers started on it). */
export function pidsMentioning(text: string): number[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(text))
    .map((line) => Number.parseInt(line, 10));
}

/**
 * The environment minus every infrastructure variable, so a developer's or CI's settings (and the TEMPORAL_ADDRESS /
 * DATABASE_URL that `npm test` passes) cannot leak into a process meant to start its own servers. `extra` is added;
 * a key set to undefined there is left out.
 */
export function cleanInfrastructureEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const { name } of INFRASTRUCTURE_VARIABLES) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '@baton/orchestration/process';

/** Where a process that runs the embedded servers says how to reach them; `running-stack.json` in BATON_HOME. */
export interface RunningStack {
  /** The process that started both servers and holds their folders' `owner.pid` locks. */
  pid: number;
  temporal: { address: string; namespace: string; uiUrl: string };
  /** With the password, as in `postgres/credentials.json`: the file is readable by its owner only. */
  database: { url: string };
}

const FILE = 'running-stack.json';

/** Publishes the servers this process started, for other processes under the same BATON_HOME; returns how to withdraw it. */
export async function publishRunningStack(home: string, stack: Omit<RunningStack, 'pid'>): Promise<() => Promise<void>> {
  const file = join(home, FILE);
  await writeFile(file, `${JSON.stringify({ pid: process.pid, ...stack }, null, 2)}\n`, { mode: 0o600 });
  return async () => {
    // Only our own: a later process may have published its servers since.
    if ((await readRunningStack(file))?.pid === process.pid) await rm(file, { force: true });
  };
}

/**
 * The embedded servers another live process runs under `home`, when it published them and still holds both servers'
 * folders: a file left by a process that died, or whose servers another process took over since, is not used.
 */
export async function findRunningStack(home: string): Promise<RunningStack | undefined> {
  const stack = await readRunningStack(join(home, FILE));
  if (stack === undefined || stack.pid === process.pid || !isProcessAlive(stack.pid)) return undefined;
  const owners = await Promise.all(
    ['temporal', 'postgres'].map((folder) => readFile(join(home, folder, 'owner.pid'), 'utf8').catch(() => '')),
  );
  return owners.every((owner) => Number.parseInt(owner, 10) === stack.pid) ? stack : undefined;
}

async function readRunningStack(file: string): Promise<RunningStack | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<RunningStack>;
    return Number.isInteger(value.pid) && typeof value.temporal?.address === 'string' && typeof value.database?.url === 'string'
      ? (value as RunningStack)
      : undefined;
  } catch {
    return undefined;
  }
}

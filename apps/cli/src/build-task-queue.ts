import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '@baton/orchestration/process';

/** The task queue a `baton build` worker serves, this process's alone while it runs. */
export interface BuildTaskQueue {
  name: string;
  release(): Promise<void>;
}

/**
 * A task queue of its own for this build's worker: with TEMPORAL_ADDRESS set, other workers must not take its
 * activities (their paths are local), nor this process take theirs. The name stays the same for the same user, machine
 * and workspace, because the workflow definitions carry it: a new name each run would mean a new definition version,
 * a workflow bundle compiled anew (about a second) and one more earlier version in every later bundle. A second build
 * of the same workspace while one runs gets a name of its own, since the first would serve its activities too.
 */
export async function claimBuildTaskQueue(home: string, workspace: string): Promise<BuildTaskQueue> {
  const stable = `baton-build-${createHash('sha256').update(`${hostname()}\0${userInfo().uid}\0${workspace}`).digest('hex').slice(0, 16)}`;
  const folder = join(home, 'build-queues');
  const lock = join(folder, `${stable}.pid`);
  await mkdir(folder, { recursive: true });
  for (;;) {
    try {
      // `wx` creates the file only if it does not exist, so two builds racing here cannot both win.
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return { name: stable, release: () => rm(lock, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(lock, 'utf8').catch(() => ''), 10);
    // An empty file may be one being written: taken as held.
    if (!Number.isInteger(owner) || isProcessAlive(owner)) return { name: `${stable}-${randomUUID()}`, release: async () => {} };
    await rm(lock, { force: true });
  }
}

import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverInUseMessage } from './dev-stack.messages';
import { EmbeddedServerStartError } from './errors/embedded-server-start.error';
import { isProcessAlive } from '@baton/orchestration/process';

export interface OwnerLock {
  /** A previous owner died without releasing the lock (killed, crashed): servers it started may still be running. */
  readonly previousOwnerDied: boolean;
  release(): Promise<void>;
}

/**
 * Claims `directory` for this process with an `owner.pid` file, so two processes never run servers on the same data
 * (a second Temporal dev server on the same SQLite file does not refuse to start: it fails later with SQLITE_BUSY).
 * Throws when a live process, this one included, holds it; `fix` tells the user how to proceed then.
 */
export async function acquireOwnerLock(directory: string, server: string, fix: string): Promise<OwnerLock> {
  const file = join(directory, 'owner.pid');
  let previousOwnerDied = false;
  for (;;) {
    try {
      // `wx` creates the file only if it does not exist, so two processes racing here cannot both win.
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && isProcessAlive(owner)) {
      throw new EmbeddedServerStartError(serverInUseMessage(server, directory, owner, owner === process.pid, fix, file));
    }
    previousOwnerDied = true;
    await rm(file, { force: true });
  }
  let released: Promise<void> | undefined;
  return {
    previousOwnerDied,
    release: () => (released ??= rm(file, { force: true })),
  };
}

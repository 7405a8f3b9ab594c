import { Inject, Injectable } from '@nestjs/common';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { BATON_HOME, errorMessage } from '@baton/orchestration';

type DurationsByWorkspace = Record<string, Record<string, number>>;

/**
 * Build durations of earlier runs, per workspace and package: the next run weights its critical-path priority
 * with them. Kept in `<BATON_HOME>/package-builder/durations.json`.
 */
@Injectable()
export class BuildHistoryStore {
  private readonly file: string;
  /** Records of this process, one after another: each reads, merges and replaces the whole file. */
  private writes: Promise<void> = Promise.resolve();

  constructor(@Inject(BATON_HOME) home: string) {
    this.file = join(home, 'package-builder', 'durations.json');
  }

  async durations(workspaceRoot: string): Promise<Record<string, number>> {
    return (await this.readAll())[workspaceRoot] ?? {};
  }

  record(workspaceRoot: string, durations: Record<string, number>): Promise<void> {
    const write = this.writes.then(async () => {
      const all = await this.readAll();
      all[workspaceRoot] = { ...all[workspaceRoot], ...durations };
      await mkdir(dirname(this.file), { recursive: true });
      // A name of its own: another process may be replacing the file at the same time.
      const partial = `${this.file}.${randomUUID()}.tmp`;
      await writeFile(partial, JSON.stringify(all, null, 2));
      await rename(partial, this.file);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async readAll(): Promise<DurationsByWorkspace> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return {};
      }
      throw error;
    }
    try {
      return JSON.parse(text) as DurationsByWorkspace;
    } catch (error) {
      throw new Error(
        `The build history at ${this.file} is not valid JSON (${errorMessage(error)}). ` +
          'Delete the file: the next build records durations afresh.',
        { cause: error },
      );
    }
  }
}

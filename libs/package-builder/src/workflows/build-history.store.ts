import { Injectable } from '@nestjs/common';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadInfrastructureConfig } from '../../../orchestration/src/infrastructure';

type DurationsByWorkspace = Record<string, Record<string, number>>;

/**
 * Build durations of earlier runs, per workspace and package: the next run weights its critical-path priority
 * with them. Kept in `<BATON_HOME>/package-builder/durations.json`.
 */
@Injectable()
export class BuildHistoryStore {
  private readonly file = join(loadInfrastructureConfig().home, 'package-builder', 'durations.json');

  async durations(workspaceRoot: string): Promise<Record<string, number>> {
    return (await this.readAll())[workspaceRoot] ?? {};
  }

  async record(workspaceRoot: string, durations: Record<string, number>): Promise<void> {
    const all = await this.readAll();
    all[workspaceRoot] = { ...all[workspaceRoot], ...durations };
    await mkdir(dirname(this.file), { recursive: true });
    const partial = `${this.file}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(all, null, 2));
    await rename(partial, this.file);
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
        `The build history at ${this.file} is not valid JSON (${error instanceof Error ? error.message : String(error)}). ` +
          'Delete the file: the next build records durations afresh.',
        { cause: error },
      );
    }
  }
}

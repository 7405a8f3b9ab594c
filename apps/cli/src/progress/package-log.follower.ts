import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { stripVTControlCharacters } from 'node:util';
import type { GraphNodeStatus } from '@baton/orchestration';
import { packageLogFileName } from '@baton/package-builder';
import type { BuildEvent } from './build-events';
import type { BuildView } from './build.view';

/** Lines of a failed package's log printed when it fails (the report keeps the last 30 lines of output too). */
const FAILURE_LINES = 30;

interface Followed {
  offset: number;
  decoder: StringDecoder;
  pending: string;
}

/**
 * What of the packages' logs the CLI prints: every line (`--stream`), the end of a failed package's log (the default
 * for people), or nothing (`--ui json` without `--stream`: the report carries each failure's output).
 */
export type LogDisplay = 'all' | 'failures' | 'none';

/**
 * Reads the packages' logs the worker writes in the run's folder (`<workspace>/.baton/runs/<workflow id>/`): the CLI
 * hosts that worker, so the files are local. With `all` it prints every package's new lines after each look at the
 * run, prefixed with the package; with `failures`, the end of a failed package's log as soon as the look sees it
 * fail. Plain text only: escape codes in a script's output would break the live picture.
 */
export class PackageLogFollower {
  private readonly followed = new Map<string, Followed>();

  constructor(
    private readonly folder: string,
    private readonly view: Pick<BuildView, 'packageOutput'>,
    private readonly display: LogDisplay,
  ) {}

  private get stream(): boolean {
    return this.display === 'all';
  }

  /** After each look: `items` as the look saw them, `events` the tracker derived from it. */
  update(items: readonly { key: string; status: GraphNodeStatus }[], events: readonly BuildEvent[]): void {
    const ended = events.flatMap((event) => (event.event === 'succeeded' || event.event === 'failed' ? [event] : []));
    if (this.stream) {
      const running = items.filter((item) => item.status === 'running').map((item) => item.key);
      for (const name of new Set([...running, ...ended.map((event) => event.package)])) this.follow(name);
    }
    for (const event of ended) {
      if (event.event === 'succeeded') this.flush(event.package);
      else if (this.display !== 'none') this.failed(event.package);
    }
  }

  private path(name: string): string {
    return join(this.folder, packageLogFileName(name));
  }

  private failed(name: string): void {
    const path = this.path(name);
    const notice = `✖ failed; its whole log: ${path}`;
    if (this.stream) {
      this.flush(name);
      this.view.packageOutput(name, [notice]);
      return;
    }
    const lines = readText(path)?.trimEnd().split('\n').slice(-FAILURE_LINES) ?? [];
    this.view.packageOutput(name, [...lines, notice]);
  }

  /** Prints the whole lines added to the package's log since the last look. */
  private follow(name: string): void {
    const followed = this.followed.get(name) ?? { offset: 0, decoder: new StringDecoder('utf8'), pending: '' };
    const added = readFrom(this.path(name), followed.offset);
    if (added === undefined) return;
    this.followed.set(name, followed);
    followed.offset += added.length;
    const text = followed.pending + followed.decoder.write(added);
    const end = text.lastIndexOf('\n') + 1;
    followed.pending = text.slice(end);
    if (end > 0) this.view.packageOutput(name, plainLines(text.slice(0, end - 1)));
  }

  /** The package ended: its last line, even without a newline. */
  private flush(name: string): void {
    if (!this.stream) return;
    this.follow(name);
    const followed = this.followed.get(name);
    const rest = followed === undefined ? '' : followed.pending + followed.decoder.end();
    if (rest !== '') this.view.packageOutput(name, plainLines(rest));
    this.followed.delete(name);
  }
}

function plainLines(text: string): string[] {
  return stripVTControlCharacters(text).split('\n');
}

function readText(path: string): string | undefined {
  try {
    return stripVTControlCharacters(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The bytes after `offset`; undefined while the log does not exist yet. */
function readFrom(path: string, offset: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const added = Buffer.alloc(Math.max(0, size - offset));
    const read = added.length === 0 ? 0 : readSync(fd, added, 0, added.length, offset);
    return added.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

import { constants, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { packageLogFileName, runLogSegments } from './package-log.paths';
import { workspaceFolder } from './workspace-folder';

/** Create or truncate; never through a link left at the log's path. */
const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/** Opens the package's log of the run (see `packageLogPath`), creating the run's folder. */
export async function openPackageLog(workspaceRoot: string, workflowId: string, packageName: string): Promise<PackageLogWriter> {
  const folder = await workspaceFolder(workspaceRoot, ...runLogSegments(workflowId));
  const path = join(folder, packageLogFileName(packageName));
  const handle = await open(path, FLAGS, 0o644);
  return new PackageLogWriter(path, handle.createWriteStream({ encoding: 'utf8' }));
}

/**
 * One package's log file, written as the output arrives (not fsynced: the operating system's buffers are durable
 * enough for a log). A write error (a full disk) stops the logging, never the build.
 */
export class PackageLogWriter {
  private failed = false;
  private closing?: Promise<void>;

  constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', () => {
      this.failed = true;
    });
  }

  readonly write = (text: string | Buffer): void => {
    if (!this.failed && this.closing === undefined) this.stream.write(text);
  };

  /** Flushes what is buffered and closes the file; later calls wait for the same. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.stream.once('close', resolve);
      this.stream.end();
    });
    return this.closing;
  }
}

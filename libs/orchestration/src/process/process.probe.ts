import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

/** Whether `pid` is a running process. A zombie counts as exited: it holds no files, ports or locks. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** Whether process group `pgid` has a live member. */
export function isProcessGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls until `pid` has exited; false when it is still running after `timeoutMs`. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(50);
  }
  return true;
}

/**
 * Processes whose command line has `flag` immediately followed by `value` (e.g. `--db-filename /x/temporal.db`).
 * Uses `ps`, which Linux and macOS share; where it is missing the answer is "none".
 * Arguments containing spaces cannot be told apart in `ps` output, so such values never match.
 */
export async function findProcessesByArgument(flag: string, value: string): Promise<number[]> {
  let listing: string;
  try {
    ({ stdout: listing } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,args='], { maxBuffer: 16 * 1024 * 1024 }));
  } catch {
    return [];
  }
  return listing.split('\n').flatMap((line) => {
    const [pid, ...args] = line.trim().split(/\s+/);
    const index = args.indexOf(flag);
    return index >= 0 && args[index + 1] === value && Number(pid) !== process.pid ? [Number(pid)] : [];
  });
}

function isZombie(pid: number): boolean {
  try {
    // Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses and may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    // No /proc (macOS) or the process just went away: rely on kill(0) alone.
    return false;
  }
}

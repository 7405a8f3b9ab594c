import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** CPU seconds of a process: its own (user + system) and its reaped children's. */
export interface ProcessCpu {
  own: number;
  children: number;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Stat {
  pid: number;
  parent: number;
  name: string;
  cpu: ProcessCpu;
}

/** `/proc/<pid>/stat`, or undefined once the process is gone. */
function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
  // Fields after the name, from field 3 (state): ppid is field 4, utime..cstime fields 14..17.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (number: number) => Number(fields[number - 3]);
  return {
    pid,
    parent: field(4),
    name,
    cpu: { own: (field(14) + field(15)) / TICKS_PER_SECOND, children: (field(16) + field(17)) / TICKS_PER_SECOND },
  };
}

/** CPU of one process. */
export function processCpu(pid: number): ProcessCpu {
  return stat(pid)?.cpu ?? { own: 0, children: 0 };
}

/**
 * The live processes under `root` (not root itself), each with its CPU so far. A process that ended and was waited
 * for counts in its parent's `children` time.
 */
export function descendants(root: number): Stat[] {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => stat(Number(entry)))
    .filter((entry): entry is Stat => entry !== undefined);
  const found: Stat[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = all.filter((entry) => frontier.includes(entry.parent));
    found.push(...next);
    frontier = next.map((entry) => entry.pid);
  }
  return found;
}

/** CPU seconds of a whole process tree: every live process's own and reaped children's time. */
export function treeCpuSeconds(root: number): number {
  return [stat(root), ...descendants(root)]
    .filter((entry): entry is Stat => entry !== undefined)
    .reduce((sum, entry) => sum + entry.cpu.own + entry.cpu.children, 0);
}

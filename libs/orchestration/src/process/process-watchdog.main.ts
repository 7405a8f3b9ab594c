/**
 * The watchdog `process.watchdog.ts` starts: `node process-watchdog.main.js <owner pid>`, commands on stdin, one JSON
 * object a line. When stdin ends (its owner died, however it died) or a `stop` command comes, it stops everything
 * still guarded and exits. Kept small: no framework, only the process probe and the guard's own module.
 */
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { findProcessesByArgument, isProcessAlive, isProcessGroupAlive } from './process.probe';
import { STOP_GRACE_MS, type GuardedProcesses, type WatchdogCommand } from './process.watchdog';

const owner = process.argv[2];
const guarded = new Map<number, GuardedProcesses>();

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const command = JSON.parse(line) as WatchdogCommand;
  if (command.type === 'guard') guarded.set(command.id, command);
  else if (command.type === 'release') guarded.delete(command.id);
  else void stopAll(`process ${owner} is being forced to exit`);
});
commands.on('close', () => void stopAll(`process ${owner} ended without stopping it`));

let stopping: Promise<void> | undefined;
function stopAll(reason: string): Promise<void> {
  return (stopping ??= (async () => {
    const stopped = await Promise.all([...guarded.values()].map((processes) => stop(processes, reason)));
    process.exit(stopped.every(Boolean) ? 0 : 1);
  })());
}

/** Signals the processes, then SIGKILLs what is left after the grace; false when something survives even that. */
async function stop({ name, match, signal }: GuardedProcesses, reason: string): Promise<boolean> {
  // A group is signalled as a whole (kill(-pgid)); a server by its PID.
  const targets = 'group' in match ? [-match.group] : await findProcessesByArgument(match.flag, match.value);
  const results = await Promise.all(
    targets.map(async (target) => {
      if (!exists(target)) return true;
      const what = `the ${name} ${target < 0 ? `(process group ${-target})` : target}`;
      console.error(`Baton's process watchdog: ${reason}; stopping ${what} with ${signal}.`);
      send(target, signal);
      if (await exited(target, STOP_GRACE_MS)) return true;
      console.error(`Baton's process watchdog: ${what} still runs ${STOP_GRACE_MS / 1000} s after ${signal}; sending SIGKILL.`);
      send(target, 'SIGKILL');
      return await exited(target, 5_000);
    }),
  );
  return results.every(Boolean);
}

/** A PID, or a process group as a negative number, has a live member. */
function exists(target: number): boolean {
  return target > 0 ? isProcessAlive(target) : isProcessGroupAlive(-target);
}

async function exited(target: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (exists(target)) {
    if (Date.now() >= deadline) return false;
    await delay(50);
  }
  return true;
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // Gone already.
  }
}

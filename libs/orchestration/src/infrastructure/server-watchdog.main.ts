/**
 * The watchdog `server.watchdog.ts` starts: `node server-watchdog.main.js <owner pid>`, commands on stdin, one JSON
 * object a line. When stdin ends (its owner died, however it died) or a `stop` command comes, it stops every server
 * still guarded and exits. Kept small: no framework, only the process probe and the guard's own module.
 */
import { createInterface } from 'node:readline';
import { findProcessesByArgument, waitForProcessExit } from './process.probe';
import { SERVER_STOP_GRACE_MS, type GuardedServer, type WatchdogCommand } from './server.watchdog';

const owner = process.argv[2];
const guarded = new Map<number, GuardedServer>();

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const command = JSON.parse(line) as WatchdogCommand;
  if (command.type === 'guard') guarded.set(command.id, command);
  else if (command.type === 'release') guarded.delete(command.id);
  else void stopAll(`process ${owner} is being forced to exit`);
});
commands.on('close', () => void stopAll(`process ${owner} ended without stopping them`));

let stopping: Promise<void> | undefined;
function stopAll(reason: string): Promise<void> {
  return (stopping ??= (async () => {
    const servers = [...guarded.values()];
    const stopped = await Promise.all(servers.map((server) => stopServer(server, reason)));
    process.exit(stopped.every(Boolean) ? 0 : 1);
  })());
}

/** Signals every process of `server`, then SIGKILLs those left after the grace; false when one survives even that. */
async function stopServer(server: GuardedServer, reason: string): Promise<boolean> {
  const pids = await findProcessesByArgument(server.flag, server.value);
  for (const pid of pids) {
    console.error(`Baton's server watchdog: ${reason}; stopping the ${server.name} ${pid} (${server.signal}).`);
    signal(pid, server.signal);
  }
  const results = await Promise.all(
    pids.map(async (pid) => {
      if (await waitForProcessExit(pid, SERVER_STOP_GRACE_MS)) return true;
      console.error(`Baton's server watchdog: the ${server.name} ${pid} still runs ${SERVER_STOP_GRACE_MS / 1000} s after ${server.signal}; sending SIGKILL.`);
      signal(pid, 'SIGKILL');
      return await waitForProcessExit(pid, 5_000);
    }),
  );
  return results.every(Boolean);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

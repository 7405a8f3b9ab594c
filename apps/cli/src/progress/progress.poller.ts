import { setTimeout as sleep } from 'node:timers/promises';

/** The quickest and slowest pace of the progress looks. */
export const POLL_MS = { fastest: 250, slowest: 1_000 } as const;

/** What one look found, to apply once it is known the poller still runs: says whether any package's status moved. */
export type Look = () => boolean;

/**
 * Looks at the build again and again, one look at a time, and applies what each found. The pace follows the build:
 * every POLL_MS.fastest while packages start and end, twice as long after each look that found nothing new, up to
 * POLL_MS.slowest (each look is two workflow queries, which cost the Temporal server and this worker CPU). `stop`
 * waits for the look in flight and applies nothing afterwards: the final report is then drawn last.
 */
export function pollProgress(
  look: () => Promise<Look>,
  /** Waits `ms` or until `signal` aborts (tests pass their own clock). */
  wait: (ms: number, signal: AbortSignal) => Promise<unknown> = (ms, signal) => sleep(ms, undefined, { signal }),
): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const loop = (async () => {
    let waitMs: number = POLL_MS.fastest;
    while (!stopping.signal.aborted) {
      const found = await look().catch(() => undefined);
      if (stopping.signal.aborted) break;
      waitMs = found?.() ? POLL_MS.fastest : Math.min(waitMs * 2, POLL_MS.slowest);
      await wait(waitMs, stopping.signal).catch(() => undefined);
    }
  })();
  return {
    stop: () => {
      stopping.abort();
      return loop;
    },
  };
}

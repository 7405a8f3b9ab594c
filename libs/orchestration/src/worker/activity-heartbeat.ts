import { Context } from '@temporalio/activity';

/**
 * How often a running Baton activity heartbeats. The SDK sends at most one heartbeat per throttle interval (see
 * `HEARTBEAT_THROTTLE_INTERVAL`), so the timer only has to tick faster than that.
 */
export const AUTOMATIC_HEARTBEAT_INTERVAL_MS = 500;

/**
 * Most time between two heartbeats that reach the server. A cancellation reaches an activity only in the answer
 * to a heartbeat, so this bounds how long a cancelled step keeps running (plus one round trip).
 */
export const HEARTBEAT_THROTTLE_INTERVAL = '1s';

/**
 * Runs the current activity's work while heartbeating on a timer, so that the server sees a lost worker within
 * the heartbeat timeout and a cancellation reaches the work within a second. A step that heartbeats itself keeps
 * its details: the timer repeats the latest details the step sent (at first those of the previous attempt), so
 * the next attempt still resumes from them.
 */
export async function withAutomaticHeartbeat<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const send = context.heartbeat;
  let details: unknown = context.info.heartbeatDetails;
  // `heartbeat` is a per-activity field (readonly only in its type): wrapping it is how the timer learns the step's
  // details, whether the step calls `context.heartbeat()` or the module's `heartbeat()`.
  (context as { heartbeat: (details?: unknown) => void }).heartbeat = (next?: unknown) => {
    details = next;
    send(next);
  };
  const timer = setInterval(() => send(details), AUTOMATIC_HEARTBEAT_INTERVAL_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

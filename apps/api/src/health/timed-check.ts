import { CheckFailure } from './check-failure';
import type { CheckResult } from './health-report';
import { errorMessage } from '@baton/orchestration';

/**
 * Runs one health check with a deadline and measures it: whatever `check` resolves with is merged into an `ok`
 * result; a rejection or the deadline gives a `failed` result with the reason. Never rejects.
 */
export async function timedCheck<T extends object>(
  timeoutMs: number,
  check: (deadline: Date) => Promise<T>,
): Promise<CheckResult & Partial<T>> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const details = await Promise.race([check(new Date(Date.now() + timeoutMs)), timeout]);
    return { status: 'ok', latencyMs: latencyMs(), ...details };
  } catch (error) {
    // Partial<T> of a type parameter accepts no concrete object, though every property of T is optional in it.
    const details = (error instanceof CheckFailure ? error.details : {}) as Partial<T>;
    return { ...details, status: 'failed', latencyMs: latencyMs(), error: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Largest window a loop may have. Temporal refuses more than 2,000 pending activities or child workflows in one
 * execution; half of that leaves room for a second loop running beside it and for the progress sink.
 */
export const MAX_CONCURRENCY = 1000;

/** The rule, as every message about a window states it. */
export const CONCURRENCY_RULE = `an integer from 1 to ${MAX_CONCURRENCY}`;

/** The one concurrency rule: the decorator, the input, the API, the CLI and `setConcurrency` all judge by it. */
export function isValidConcurrency(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_CONCURRENCY;
}

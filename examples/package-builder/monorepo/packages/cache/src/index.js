/** @acme/cache: In-memory and Redis-backed caches with TTLs. */
export const name = '@acme/cache';

export function describe() {
  return `${name}: In-memory and Redis-backed caches with TTLs`;
}

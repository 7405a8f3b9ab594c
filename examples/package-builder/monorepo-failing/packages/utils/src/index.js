/** @acme/utils: Small helpers: retries, ids, dates. */
export const name = '@acme/utils';

export function describe() {
  return `${name}: Small helpers: retries, ids, dates`;
}

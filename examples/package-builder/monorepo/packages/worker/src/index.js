/** @acme/worker: Background job runner. */
export const name = '@acme/worker';

export function describe() {
  return `${name}: Background job runner`;
}

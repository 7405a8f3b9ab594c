/** @acme/queue: Job queue producers and consumers. */
export const name = '@acme/queue';

export function describe() {
  return `${name}: Job queue producers and consumers`;
}

/** @acme/events: Domain events and an in-process event bus. */
export const name = '@acme/events';

export function describe() {
  return `${name}: Domain events and an in-process event bus`;
}

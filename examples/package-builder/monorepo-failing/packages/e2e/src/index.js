/** @acme/e2e: End-to-end tests across web, admin and the worker. */
export const name = '@acme/e2e';

export function describe() {
  return `${name}: End-to-end tests across web, admin and the worker`;
}

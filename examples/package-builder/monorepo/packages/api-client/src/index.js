/** @acme/api-client: Typed client for the public API. */
export const name = '@acme/api-client';

export function describe() {
  return `${name}: Typed client for the public API`;
}

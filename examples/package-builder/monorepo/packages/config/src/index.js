/** @acme/config: Typed configuration from environment variables. */
export const name = '@acme/config';

export function describe() {
  return `${name}: Typed configuration from environment variables`;
}

/** @acme/logger: Structured JSON logging with request context. */
export const name = '@acme/logger';

export function describe() {
  return `${name}: Structured JSON logging with request context`;
}

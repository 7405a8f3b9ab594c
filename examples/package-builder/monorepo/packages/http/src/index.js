/** @acme/http: HTTP server plumbing: routing, errors, health checks. */
export const name = '@acme/http';

export function describe() {
  return `${name}: HTTP server plumbing: routing, errors, health checks`;
}

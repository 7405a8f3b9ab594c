/** @acme/auth: Sessions, tokens and permission checks. */
export const name = '@acme/auth';

export function describe() {
  return `${name}: Sessions, tokens and permission checks`;
}

/** @acme/admin: Back-office application. */
export const name = '@acme/admin';

export function describe() {
  return `${name}: Back-office application`;
}

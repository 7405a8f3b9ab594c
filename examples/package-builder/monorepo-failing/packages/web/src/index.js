/** @acme/web: Customer-facing web application. */
export const name = '@acme/web';

export function describe() {
  return `${name}: Customer-facing web application`;
}

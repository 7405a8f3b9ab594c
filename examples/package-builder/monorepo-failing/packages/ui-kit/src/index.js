/** @acme/ui-kit: Design-system components. */
export const name = '@acme/ui-kit';

export function describe() {
  return `${name}: Design-system components`;
}

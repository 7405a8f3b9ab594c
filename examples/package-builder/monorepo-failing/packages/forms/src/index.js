/** @acme/forms: Form state and validation on top of the ui-kit. */
export const name = '@acme/forms';

export function describe() {
  return `${name}: Form state and validation on top of the ui-kit`;
}

/** @acme/docs: Documentation site with live component examples. */
export const name = '@acme/docs';

export function describe() {
  return `${name}: Documentation site with live component examples`;
}

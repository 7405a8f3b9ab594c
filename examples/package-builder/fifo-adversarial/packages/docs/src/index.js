/** @fifo/docs: Documentation pages. */
export const name = '@fifo/docs';

export function describe() {
  return `${name}: Documentation pages`;
}

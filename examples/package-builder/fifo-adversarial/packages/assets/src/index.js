/** @fifo/assets: Images and fonts, optimised. */
export const name = '@fifo/assets';

export function describe() {
  return `${name}: Images and fonts, optimised`;
}

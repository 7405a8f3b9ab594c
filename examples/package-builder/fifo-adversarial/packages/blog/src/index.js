/** @fifo/blog: Static blog pages. */
export const name = '@fifo/blog';

export function describe() {
  return `${name}: Static blog pages`;
}

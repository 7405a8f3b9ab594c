/** @acme/cli: Command-line tool for operators. */
export const name = '@acme/cli';

export function describe() {
  return `${name}: Command-line tool for operators`;
}

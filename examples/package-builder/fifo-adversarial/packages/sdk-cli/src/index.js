/** @fifo/sdk-cli: Command-line interface built on the SDK. */
export const name = '@fifo/sdk-cli';

export function describe() {
  return `${name}: Command-line interface built on the SDK`;
}

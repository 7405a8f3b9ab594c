/** @fifo/sdk-core: Core of the SDK: transport and errors. */
export const name = '@fifo/sdk-core';

export function describe() {
  return `${name}: Core of the SDK: transport and errors`;
}

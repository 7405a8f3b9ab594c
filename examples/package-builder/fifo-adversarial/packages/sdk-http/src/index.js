/** @fifo/sdk-http: HTTP bindings of the SDK. */
export const name = '@fifo/sdk-http';

export function describe() {
  return `${name}: HTTP bindings of the SDK`;
}

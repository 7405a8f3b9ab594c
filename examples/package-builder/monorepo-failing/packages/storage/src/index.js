/** @acme/storage: Object storage for uploads and exports. */
export const name = '@acme/storage';

export function describe() {
  return `${name}: Object storage for uploads and exports`;
}

/** @acme/types: Shared TypeScript types and zod schemas. */
export const name = '@acme/types';

export function describe() {
  return `${name}: Shared TypeScript types and zod schemas`;
}

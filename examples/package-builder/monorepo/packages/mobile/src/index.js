/** @acme/mobile: React Native application. */
export const name = '@acme/mobile';

export function describe() {
  return `${name}: React Native application`;
}

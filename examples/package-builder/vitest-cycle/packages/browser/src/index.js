export const name = "@vitest/browser";

export const name = "@vitest/ui";

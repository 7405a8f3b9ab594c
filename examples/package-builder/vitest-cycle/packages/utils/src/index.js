export const name = "@vitest/utils";

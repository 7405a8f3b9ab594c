export const name = "@vitest/pretty-format";

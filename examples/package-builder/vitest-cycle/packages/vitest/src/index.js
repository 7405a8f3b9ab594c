export const name = "vitest";

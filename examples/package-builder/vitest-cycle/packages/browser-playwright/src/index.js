export const name = "@vitest/browser-playwright";

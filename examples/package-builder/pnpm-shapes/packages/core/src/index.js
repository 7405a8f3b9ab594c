export const name = '@shapes/core';

export const name = 'example';

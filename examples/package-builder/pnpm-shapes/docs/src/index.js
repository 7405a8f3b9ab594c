export const name = 'docs';

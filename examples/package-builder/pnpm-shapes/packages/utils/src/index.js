export const name = '@shapes/utils';

export const name = '@shapes/aliased';

/** @acme/db: PostgreSQL access, migrations and repositories. */
export const name = '@acme/db';

export function describe() {
  return `${name}: PostgreSQL access, migrations and repositories`;
}

/** @acme/charts: Charts for dashboards. */
export const name = '@acme/charts';

export function describe() {
  return `${name}: Charts for dashboards`;
}

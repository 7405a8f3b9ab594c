import { planGraph, type PlannedPackage } from './plan-graph';

/** The selected packages and their dependencies as JSON (`--graph json`): `PlanGraph`, indented. */
export function graphToJson(packages: readonly PlannedPackage[]): string {
  return `${JSON.stringify(planGraph(packages), null, 2)}\n`;
}

/** The dependency-graph engine: pure, deterministic and sandbox-safe (no imports outside this folder). */
export { buildDependencyGraph, DependencyGraph } from './dependency-graph';
export type { DependencyGraphBuild, DependencyLookup, UnknownDependency } from './dependency-graph';
export { topologicalOrder } from './topological-order';
export { findCycles, formatCycle } from './cycles';
export { stronglyConnectedComponents } from './strongly-connected-components';
export type { StronglyConnectedComponents } from './strongly-connected-components';
export { cycleUnits } from './cycle-units';
export type { CycleUnits } from './cycle-units';
export { layers } from './layers';
export { bottomLevels, criticalPath } from './critical-path';
export type { CriticalPath } from './critical-path';
export { lowerBound } from './lower-bound';
export type { LowerBound } from './lower-bound';
export { selectWithDependencies, transitiveDependents } from './reachability';
export { DependencyCycleError } from './dependency-cycle.error';

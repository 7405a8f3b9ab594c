import { formatCycle } from './cycles';

/** An analysis that needs an order of execution was given a graph with a cycle. */
export class DependencyCycleError extends Error {
  constructor(
    analysis: string,
    /** One offending cycle, as a closed key path in "depends on" direction. */
    readonly cycle: readonly string[],
  ) {
    super(
      `Cannot compute ${analysis} of a graph with a cycle: ${formatCycle(cycle)} (each depends on the next). ` +
        'Remove one of these dependencies; findCycles() lists every cycle.',
    );
    this.name = 'DependencyCycleError';
  }
}

import { workflowInfo } from '@temporalio/workflow';

/** Statuses of a loop's items, one character per item: what the next run needs to go on where this one stopped. */
export const ITEM_STATUS_CODES = { pending: '.', succeeded: 'S', failed: 'F', blocked: 'B', skipped: 'K' } as const;

/**
 * What a run hands to the next one when it continues as new: the results of the steps that finished, the item
 * statuses of loops that were cut short, and where the progress record stands. Item results stay in PostgreSQL.
 */
export interface Continuation {
  steps: Record<string, unknown>;
  loops: Record<string, string>;
  progressSequence: number;
}

/** History length at which a run stops starting work and continues as new, well below Temporal's 10,240-event warning. */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 8_000;

/**
 * Decides when the run should continue as new: when Temporal suggests it, or when the history reaches the
 * configured length. Once it says yes, loops stop starting items and drain.
 */
export class ContinueAsNewGate {
  private requested = false;

  constructor(private readonly maxEvents: number) {}

  check(): boolean {
    if (!this.requested) {
      const info = workflowInfo();
      this.requested = info.continueAsNewSuggested || info.historyLength >= this.maxEvents;
    }
    return this.requested;
  }
}

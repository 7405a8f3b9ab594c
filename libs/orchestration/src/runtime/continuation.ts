import { workflowInfo } from '@temporalio/workflow';

/** History length at which a run stops starting work and continues as new, well below Temporal's 10,240-event warning. */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 8_000;
/** History size at which a run continues as new, below Temporal's 10 MB warning. */
const CONTINUE_AS_NEW_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * Decides when the run should continue as new: when its history reaches the configured length or 8 MB. Temporal's
 * own `continueAsNewSuggested` is not used: the dev server raises it at about 4,800 events, which would split
 * ordinary 1,000-item loops (and drop their items from the result) long before any limit is near.
 * Once the gate says yes, loops stop starting items and drain.
 */
export class ContinueAsNewGate {
  private requested = false;

  constructor(private readonly maxEvents: number) {}

  check(): boolean {
    if (!this.requested) {
      const info = workflowInfo();
      this.requested = info.historyLength >= this.maxEvents || info.historySize >= CONTINUE_AS_NEW_AFTER_BYTES;
    }
    return this.requested;
  }
}

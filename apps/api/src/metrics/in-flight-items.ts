import type { ProgressNotification } from '@baton/orchestration/protocol';

/** What an open execution contributes to the in-flight gauge. */
export interface OpenExecution {
  id: string;
  workflow: string;
  running: number;
}

/**
 * Items running now, per workflow: the latest `running` of each open execution, summed. An execution leaves when a
 * notification says it closed. Workflows seen once stay listed (at 0), so their series does not vanish.
 */
export class InFlightItems {
  private readonly open = new Map<string, OpenExecution>();
  private readonly workflows = new Set<string>();
  /** Executions notified since `seed` was asked for: their notification is newer than any seed row. */
  private notifiedBeforeSeed?: Set<string>;

  record(notification: ProgressNotification): void {
    this.workflows.add(notification.type);
    this.notifiedBeforeSeed?.add(notification.id);
    if (notification.status === 'running') {
      this.open.set(notification.id, { id: notification.id, workflow: notification.type, running: notification.running });
    } else {
      this.open.delete(notification.id);
    }
  }

  /** Call before reading the open executions to seed with, so notifications that race the read win over it. */
  beginSeed(): void {
    this.notifiedBeforeSeed = new Set();
  }

  /** The executions open when the process started, which may send no notification for a while. */
  seed(executions: readonly OpenExecution[]): void {
    for (const execution of executions) {
      this.workflows.add(execution.workflow);
      if (!this.notifiedBeforeSeed?.has(execution.id)) this.open.set(execution.id, execution);
    }
    this.notifiedBeforeSeed = undefined;
  }

  /** Lists `workflows` at 0 until they have running items. */
  track(workflows: Iterable<string>): void {
    for (const workflow of workflows) this.workflows.add(workflow);
  }

  byWorkflow(): Map<string, number> {
    const totals = new Map([...this.workflows].map((workflow) => [workflow, 0]));
    for (const { workflow, running } of this.open.values()) {
      totals.set(workflow, (totals.get(workflow) ?? 0) + running);
    }
    return totals;
  }
}

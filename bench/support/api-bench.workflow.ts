import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow, type LoopContext } from '@baton/orchestration';

export interface ApiBenchItem {
  key: string;
  /** How long the item's work waits (0: no wait at all). */
  workMs: number;
  /** Throw once the work is done, so that the item ends `failed`. */
  fail?: boolean;
}

export interface ApiBenchInput {
  items: ApiBenchItem[];
  concurrency: number;
}

interface Gate {
  opened: Promise<void>;
  open(): void;
}

/**
 * What the API benchmark sees from inside the worker, which runs in the benchmark's own process: when each item's work
 * returned (same clock as the subscribers' arrival times), and gates that hold an execution's items back until its
 * subscribers listen.
 */
@Injectable()
export class ApiBenchProbe {
  private readonly finished = new Map<string, Map<string, number>>();
  private readonly gates = new Map<string, Gate>();

  /** Holds every item of execution `workflowId` until `open(workflowId)`; call it before starting the execution. */
  hold(workflowId: string): void {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gates.set(workflowId, { opened, open });
  }

  open(workflowId: string): void {
    this.gates.get(workflowId)?.open();
    this.gates.delete(workflowId);
  }

  /** Resolves once the execution's items may run: at once unless it is held. */
  released(workflowId: string): Promise<void> {
    return this.gates.get(workflowId)?.opened ?? Promise.resolve();
  }

  itemFinished(workflowId: string, key: string): void {
    const times = this.finished.get(workflowId) ?? new Map<string, number>();
    times.set(key, Date.now());
    this.finished.set(workflowId, times);
  }

  /** Epoch milliseconds at which each item of the execution returned, by key. */
  finishTimes(workflowId: string): ReadonlyMap<string, number> {
    return this.finished.get(workflowId) ?? new Map();
  }
}

/** One loop over the input's items, its window from the input; items that fail do not stop the others. */
@Workflow({ name: 'ApiBench' })
@Injectable()
export class ApiBenchWorkflow {
  constructor(private readonly probe: ApiBenchProbe) {}

  @ParallelLoop({
    over: { input: 'items' },
    concurrency: 1,
    concurrencyFrom: 'concurrency',
    key: 'key',
    onItemError: 'continue',
    retry: { attempts: 1 },
    startToCloseTimeout: '1 minute',
  })
  async run(item: ApiBenchItem, context: LoopContext): Promise<string> {
    await this.probe.released(context.workflowId);
    if (item.workMs > 0) {
      await sleep(item.workMs);
    }
    if (item.fail === true) {
      throw new Error(`Item "${item.key}" fails on purpose: the benchmark filters on failed items.`);
    }
    this.probe.itemFinished(context.workflowId, item.key);
    return item.key;
  }
}

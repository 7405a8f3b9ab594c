import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow, type LoopContext } from '@baton/orchestration';
import { ApiBenchProbe } from './api-bench.workflow';

export interface DashboardBenchItem {
  key: string;
  /** Keys of the items it waits for (the loop has `dependsOn`, so the page draws one node per item). */
  after?: string[];
  /** How long its work waits (none when absent: the 10,000-item input must stay under the API's 256 KiB). */
  workMs?: number;
}

export interface DashboardBenchInput {
  items: DashboardBenchItem[];
  concurrency: number;
}

/**
 * The dashboard benchmark's workload: one loop whose items depend on each other (so the execution page draws one
 * node per item), held back by the probe until the page watches, recording when each item's work returned.
 */
@Workflow({ name: 'DashboardBench' })
@Injectable()
export class DashboardBenchWorkflow {
  constructor(private readonly probe: ApiBenchProbe) {}

  @ParallelLoop({
    over: { input: 'items' },
    concurrency: 1,
    concurrencyFrom: 'concurrency',
    key: 'key',
    dependsOn: 'after',
    retry: { attempts: 1 },
    startToCloseTimeout: '10 minutes',
  })
  async run(item: DashboardBenchItem, context: LoopContext): Promise<string> {
    await this.probe.released(context.workflowId);
    if (item.workMs !== undefined && item.workMs > 0) await sleep(item.workMs);
    this.probe.itemFinished(context.workflowId, item.key);
    return item.key;
  }
}

import { Injectable } from '@nestjs/common';
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow, type LoopContext } from '@baton/orchestration';

export const DURABLE_LOOP_WORKFLOW = 'DurableLoop';

/** A loop slow enough to kill its worker in the middle; each finished item appends a line to BATON_TEST_LOG. */
@Workflow({ name: DURABLE_LOOP_WORKFLOW })
@Injectable()
export class DurableLoopWorkflow {
  @ParallelLoop({
    over: { input: true },
    concurrency: 4,
    startToCloseTimeout: '3s',
    retry: { attempts: 5, backoff: { initialInterval: '200ms' } },
  })
  async process(item: number, context: LoopContext): Promise<{ item: number; pid: number; attempt: number }> {
    await sleep(250);
    appendFileSync(process.env.BATON_TEST_LOG!, `${JSON.stringify({ item, pid: process.pid, attempt: context.attempt })}\n`);
    return { item, pid: process.pid, attempt: context.attempt };
  }
}

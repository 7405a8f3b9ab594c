import { Injectable } from '@nestjs/common';
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow, type LoopContext } from '@baton/orchestration';

export const LOST_WORKER_LOOP_WORKFLOW = 'LostWorkerLoop';
/** Short, so that the test waits seconds for a lost attempt, not the 30 s default. */
export const LOST_WORKER_HEARTBEAT_TIMEOUT_MS = 3_000;
export const LOST_WORKER_ITEM_MS = 400;

export interface LostWorkerItemRun {
  item: number;
  pid: number;
  attempt: number;
}

/** A line of BATON_TEST_LOG: an attempt of an item started or finished. */
export interface LostWorkerLogLine extends LostWorkerItemRun {
  event: 'started' | 'finished';
}

/**
 * A loop with the default of one attempt per item and a short heartbeat timeout, whose items outlive the
 * heartbeat interval; each attempt logs its start and end to BATON_TEST_LOG so the test sees from outside which
 * worker is running what.
 */
@Workflow({ name: LOST_WORKER_LOOP_WORKFLOW })
@Injectable()
export class LostWorkerLoopWorkflow {
  @ParallelLoop({ over: { input: true }, concurrency: 8, heartbeatTimeout: LOST_WORKER_HEARTBEAT_TIMEOUT_MS })
  async process(item: number, context: LoopContext): Promise<LostWorkerItemRun> {
    const run: LostWorkerItemRun = { item, pid: process.pid, attempt: context.attempt };
    log({ event: 'started', ...run });
    await sleep(LOST_WORKER_ITEM_MS);
    log({ event: 'finished', ...run });
    return run;
  }
}

function log(line: LostWorkerLogLine): void {
  appendFileSync(process.env.BATON_TEST_LOG!, `${JSON.stringify(line)}\n`);
}

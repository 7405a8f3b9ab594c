/**
 * A worker in its own process for the durable-resume test: the test kills it with SIGKILL mid-loop and starts
 * another one. Each finished item appends a line to BATON_TEST_LOG so the test sees progress from outside.
 */
import { Injectable } from '@nestjs/common';
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParallelLoop, Workflow, type LoopContext } from '../../libs/orchestration/src';
import { startWorkerApp } from './worker-app';

export const DURABLE_LOOP_WORKFLOW = 'DurableLoop';

@Workflow({ name: DURABLE_LOOP_WORKFLOW })
@Injectable()
class DurableLoopWorkflow {
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

async function main(): Promise<void> {
  const worker = await startWorkerApp(
    { temporalAddress: process.env.TEMPORAL_ADDRESS!, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' },
    [DurableLoopWorkflow],
    process.env.BATON_TEST_TASK_QUEUE,
  );
  process.stdout.write('worker ready\n');
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

void main();

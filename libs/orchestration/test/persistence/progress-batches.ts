import type { ItemResult, ItemStatus, LoopBatch, ProgressBatch } from '../../src/protocol';
import { previewOf } from '../../src/runtime/item-preview';

export const T0 = new Date('2026-03-01T08:00:00.000Z');

export interface SimulatedLoop {
  workflowId: string;
  step?: string;
  total: number;
  concurrency: number;
  /** Items per batch: a batch is cut as soon as this many items finished since the previous one. */
  batchSize?: number;
  /** Default: about a second, a millisecond longer per index. */
  durationMs?: (index: number) => number;
  statusOf?: (index: number) => ItemStatus;
  attemptsOf?: (index: number) => number;
  /** The item itself, whose JSON becomes its preview. */
  itemOf?: (index: number) => unknown;
  startedAt?: Date;
  /** Sequence of the first batch. */
  firstSequence?: number;
}

export interface SimulatedRun {
  batches: ProgressBatch[];
  /** When the last item finished. */
  finishedAt: Date;
}

/**
 * What the interpreter would send for one loop run in a window of `concurrency` slots: items start as slots free up,
 * and each batch carries the cumulative counters at the moment it is cut and the items finished since the previous one.
 * The last batch closes the execution.
 */
export function simulateLoop(loop: SimulatedLoop): SimulatedRun {
  const step = loop.step ?? 'process';
  const startedAt = (loop.startedAt ?? T0).getTime();
  const batchSize = loop.batchSize ?? 10;
  // Slightly different durations, so that items do not finish in lockstep.
  const durationOf = loop.durationMs ?? ((index: number) => 1000 + index);
  const statusOf = loop.statusOf ?? (() => 'succeeded');
  const attemptsOf = loop.attemptsOf ?? (() => 1);
  const itemOf = loop.itemOf ?? ((index: number) => ({ id: index, name: `item-${index}` }));

  const slots = Array.from({ length: loop.concurrency }, () => startedAt);
  const timings = Array.from({ length: loop.total }, (_, index) => {
    const slot = slots.indexOf(Math.min(...slots));
    const start = slots[slot];
    const finish = start + durationOf(index);
    slots[slot] = finish;
    return { index, start, finish };
  });
  const byFinish = [...timings].sort((a, b) => a.finish - b.finish || a.index - b.index);

  const batches: ProgressBatch[] = [];
  let sent = 0;
  while (sent < byFinish.length) {
    const cutAt = byFinish[Math.min(sent + batchSize, byFinish.length) - 1].finish;
    let done = sent;
    while (done < byFinish.length && byFinish[done].finish <= cutAt) done += 1;
    const finished = byFinish.slice(0, done);
    const items: ItemResult[] = byFinish.slice(sent, done).map(({ index, start, finish }) => {
      const status = statusOf(index);
      return {
        index,
        key: `key-${index}`,
        status,
        attempts: status === 'blocked' || status === 'skipped' ? 0 : attemptsOf(index),
        durationMs: finish - start,
        startedAt: new Date(start).toISOString(),
        finishedAt: new Date(finish).toISOString(),
        preview: previewOf(itemOf(index)),
        ...(status === 'succeeded' ? { result: { index, output: `done ${index}` } } : { error: `item ${index} ${status}` }),
      };
    });
    const count = (status: ItemStatus) => finished.filter(({ index }) => statusOf(index) === status).length;
    const runningKeys = timings.filter(({ start, finish }) => start <= cutAt && finish > cutAt).map(({ index }) => `key-${index}`);
    const loopBatch: LoopBatch = {
      step,
      total: loop.total,
      completed: done,
      succeeded: count('succeeded'),
      failed: count('failed'),
      blocked: count('blocked'),
      skipped: count('skipped'),
      running: runningKeys.length,
      runningKeys,
      concurrency: loop.concurrency,
      startedAt: new Date(startedAt).toISOString(),
      items,
    };
    const last = done === byFinish.length;
    batches.push({
      ...executionFields(loop.workflowId, (loop.firstSequence ?? 1) + batches.length, new Date(startedAt), new Date(cutAt)),
      ...(batches.length === 0 ? { input: { items: loop.total } } : {}),
      ...(last ? { status: 'completed', result: { processed: done }, closedAt: new Date(cutAt).toISOString() } : {}),
      loops: [loopBatch],
    });
    sent = done;
  }
  return { batches, finishedAt: new Date(byFinish[byFinish.length - 1].finish) };
}

/** The execution part of a batch of a running execution, with no loops. */
export function executionFields(workflowId: string, sequence: number, startedAt: Date, sentAt: Date): ProgressBatch {
  return {
    workflowId,
    runId: 'run-1',
    firstRunId: 'run-1',
    workflowType: 'ImportWorkflow',
    definitionHash: 'hash-1',
    taskQueue: 'imports',
    sequence,
    status: 'running',
    startedAt: startedAt.toISOString(),
    sentAt: sentAt.toISOString(),
    loops: [],
  };
}

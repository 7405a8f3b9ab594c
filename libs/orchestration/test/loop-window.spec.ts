import { beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { isCancellation } from '@temporalio/workflow/lib/errors';
import { LOOP_FAILED_ERROR, type ItemResult, type LoopContext, type LoopResult } from '../src/protocol';
import type { LoopDefinition, OnItemError } from '../src/definition/workflow-definition';
import type { ContinueAsNewGate } from '../src/runtime/continuation';
import type { ExecutionControl } from '../src/runtime/execution-control';
import type { DrainedLoop, ItemOutcome } from '../src/runtime/loop-window';
import { prepareLoopItems } from '../src/runtime/loop-items';

/**
 * The loop window runs in Temporal's workflow sandbox and uses three things of it: cancellation scopes (one per
 * item, under the workflow's root scope), `isCancellation`, and — through the continue-as-new gate — `workflowInfo`.
 * Outside the sandbox the SDK's scopes have no activator, so this stands in for them: a scope's `cancelRequested`
 * rejects when it or its parent is cancelled, and `run` makes it the current scope while the item starts.
 */
class FakeScope {
  static root = new FakeScope(null);
  private static active?: FakeScope;

  readonly cancelRequested: Promise<never>;
  private reject!: (error: unknown) => void;

  constructor(parent: FakeScope | null = FakeScope.current()) {
    this.cancelRequested = new Promise<never>((_resolve, reject) => {
      this.reject = reject;
    });
    this.cancelRequested.catch(() => undefined);
    parent?.cancelRequested.catch((error: unknown) => this.reject(error));
  }

  static current(): FakeScope {
    return FakeScope.active ?? FakeScope.root;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = FakeScope.active;
    FakeScope.active = this;
    try {
      return fn();
    } finally {
      FakeScope.active = previous;
    }
  }

  cancel(): void {
    this.reject(new CancelledFailure('Cancellation scope cancelled'));
  }
}

/** The history the gate reads: raise `historyLength` to make the run continue as new. */
const history = { historyLength: 1, historySize: 0 };

jest.unstable_mockModule('@temporalio/workflow', () => ({
  ApplicationFailure,
  CancellationScope: FakeScope,
  isCancellation,
  workflowInfo: () => history,
  defineSignal: (name: string) => ({ type: 'signal', name }),
  defineUpdate: (name: string) => ({ type: 'update', name }),
}));

let LoopWindow: typeof import('../src/runtime/loop-window').LoopWindow;
let ExecutionControlClass: typeof ExecutionControl;
let ContinueAsNewGateClass: typeof ContinueAsNewGate;

// After the mock, so that the window and the gate bind to it. The .js suffix is for tsc, which resolves a dynamic
// import by ESM rules; Jest maps it back to the .ts source.
beforeAll(async () => {
  ({ LoopWindow } = await import('../src/runtime/loop-window.js'));
  ({ ExecutionControl: ExecutionControlClass } = await import('../src/runtime/execution-control.js'));
  ({ ContinueAsNewGate: ContinueAsNewGateClass } = await import('../src/runtime/continuation.js'));
});

beforeEach(() => {
  FakeScope.root = new FakeScope(null);
  history.historyLength = 1;
});

/** Lets every promise callback run: the window reacts to an item's end in a callback, as in a workflow activation. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface RunningItem {
  key: string;
  context: LoopContext;
  succeed(value?: unknown): Promise<void>;
  fail(error: unknown, attempts?: number): Promise<void>;
}

interface HarnessOptions {
  concurrency: number;
  onItemError?: OnItemError;
  bail?: boolean;
  loop?: Partial<LoopDefinition>;
  control?: ExecutionControl;
  gate?: ContinueAsNewGate;
  checkpoint?: string;
}

/**
 * Runs a window over `items` with an executor that never ends an item by itself: the test ends each one, and sees
 * which items the window starts, in which order, and how many are in flight.
 */
function startWindow(items: unknown[], options: HarnessOptions) {
  const onItemError = options.onItemError ?? 'continue';
  const prepared = prepareLoopItems(
    'each',
    { over: { kind: 'input' }, concurrency: options.concurrency, onItemError, ...options.loop },
    items,
  );
  const started: string[] = [];
  const running = new Map<string, RunningItem>();
  const finished: ItemResult[] = [];
  let mostInFlight = 0;

  const execute = (_item: unknown, context: LoopContext) =>
    new Promise<ItemOutcome>((resolve, reject) => {
      const end = async (outcome: ItemOutcome) => {
        running.delete(context.key);
        resolve(outcome);
        await settle();
      };
      // As an activity or child workflow does: a cancelled scope makes the item reject with the cancellation.
      FakeScope.current().cancelRequested.catch((error: unknown) => {
        running.delete(context.key);
        reject(error);
      });
      running.set(context.key, {
        key: context.key,
        context,
        succeed: (value = `result of ${context.key}`) => end({ ok: true, value, attempts: 1 }),
        fail: (error, attempts = 1) => end({ ok: false, error, attempts }),
      });
      started.push(context.key);
      mostInFlight = Math.max(mostInFlight, running.size);
    });

  const window = new LoopWindow({
    workflowId: 'wf-1',
    step: 'each',
    items: prepared,
    concurrency: options.concurrency,
    onItemError,
    bail: options.bail,
    execute,
    onItemFinished: (item) => finished.push(item),
    control: options.control,
    gate: options.gate,
    checkpoint: options.checkpoint,
  });
  let outcome: { value: LoopResult | DrainedLoop } | { error: unknown } | undefined;
  window.run().then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );

  return {
    window,
    started,
    finished,
    running: () => [...running.keys()],
    item: (key: string) => {
      const item = running.get(key);
      if (item === undefined) throw new Error(`item "${key}" is not running; running: ${[...running.keys()].join(', ')}`);
      return item;
    },
    mostInFlight: () => mostInFlight,
    outcome: () => outcome,
    result: () => {
      if (outcome === undefined || !('value' in outcome)) throw new Error(`the loop has not resolved: ${JSON.stringify(outcome)}`);
      return outcome.value;
    },
    error: () => {
      if (outcome === undefined || !('error' in outcome)) throw new Error(`the loop has not rejected: ${JSON.stringify(outcome)}`);
      return outcome.error;
    },
  };
}

const keysOf = (count: number) => Array.from({ length: count }, (_, index) => String(index));

describe('LoopWindow: the window', () => {
  it('starts exactly N items at once, in input order, and refills to min(N, remaining) after each completion', async () => {
    const loop = startWindow(keysOf(7), { concurrency: 3 });
    // run() fills the window synchronously: the first commands leave with the activation that started the loop.
    expect(loop.started).toEqual(['0', '1', '2']);

    // Ends items out of order; after each, exactly min(3, items not yet finished) run.
    const endOrder = ['1', '0', '3', '2', '6', '4', '5'];
    const inFlightAfter: number[] = [];
    for (const key of endOrder) {
      await loop.item(key).succeed();
      inFlightAfter.push(loop.running().length);
    }
    expect(inFlightAfter).toEqual([3, 3, 3, 3, 2, 1, 0]);
    expect(loop.mostInFlight()).toBe(3);
    expect(loop.started).toEqual(['0', '1', '2', '3', '4', '5', '6']);

    const result = loop.result() as LoopResult;
    expect({ ...result, items: undefined }).toEqual({
      concurrency: 3,
      total: 7,
      succeeded: 7,
      failed: 0,
      blocked: 0,
      skipped: 0,
      items: undefined,
    });
    expect(result.items.map((item) => [item.key, item.status, item.result])).toEqual(
      keysOf(7).map((key) => [key, 'succeeded', `result of ${key}`]),
    );
    expect(loop.finished.map((item) => item.key)).toEqual(endOrder);
  });

  it('never runs more than N, whichever items end first', async () => {
    const loop = startWindow(keysOf(20), { concurrency: 4 });
    // Always ends the most recently started item, then the oldest: a mix of short and long items.
    for (let step = 0; loop.running().length > 0; step++) {
      const running = loop.running();
      await loop.item(step % 2 === 0 ? running[running.length - 1] : running[0]).succeed();
      expect(loop.running().length).toBe(Math.min(4, 20 - (step + 1)));
    }
    expect(loop.mostInFlight()).toBe(4);
    expect(loop.started).toHaveLength(20);
    expect((loop.result() as LoopResult).succeeded).toBe(20);
  });

  it('gives each item its context: index, key, total, items finished when it started, attempt 1', async () => {
    const loop = startWindow([{ name: 'b' }, { name: 'a' }], { concurrency: 1, loop: { key: 'name' } });
    expect(loop.item('a').context).toEqual({ workflowId: 'wf-1', step: 'each', index: 1, key: 'a', total: 2, completed: 0, attempt: 1 });
    await loop.item('a').succeed();
    expect(loop.item('b').context).toEqual({ workflowId: 'wf-1', step: 'each', index: 0, key: 'b', total: 2, completed: 1, attempt: 1 });
    await loop.item('b').succeed();
  });

  it('resolves at once for a loop with no items', async () => {
    const loop = startWindow([], { concurrency: 2 });
    await settle();
    expect(loop.result()).toEqual({ concurrency: 2, total: 0, succeeded: 0, failed: 0, blocked: 0, skipped: 0, items: [] });
  });

  it('starts an item only when everything it depends on succeeded, highest priority first', async () => {
    // a ← b ← d, and c alone: priorities a (chain of 3), b (2), then c and d (1) by key.
    const items = [{ name: 'd', needs: ['b'] }, { name: 'c' }, { name: 'b', needs: ['a'] }, { name: 'a' }];
    const loop = startWindow(items, { concurrency: 2, loop: { key: 'name', dependsOn: 'needs' } });
    expect(loop.started).toEqual(['a', 'c']);
    await loop.item('c').succeed();
    // Nothing else is ready: the free slot stays free.
    expect(loop.running()).toEqual(['a']);
    expect(loop.window.itemGraph()).toEqual([
      { key: 'd', dependsOn: ['b'], status: 'pending' },
      { key: 'c', dependsOn: [], status: 'succeeded' },
      { key: 'b', dependsOn: ['a'], status: 'pending' },
      { key: 'a', dependsOn: [], status: 'running' },
    ]);
    await loop.item('a').succeed();
    expect(loop.running()).toEqual(['b']);
    await loop.item('b').succeed();
    expect(loop.running()).toEqual(['d']);
    await loop.item('d').succeed();
    expect(loop.started).toEqual(['a', 'c', 'b', 'd']);
    expect((loop.result() as LoopResult).succeeded).toBe(4);
  });

  it('ends skipIf items without a slot when their turn comes, and their dependents go on', async () => {
    // Priorities: cached (a chain of 2), then by key: last, next, other.
    const items = [
      { name: 'cached', skip: 'up to date' },
      { name: 'next', needs: ['cached'] },
      { name: 'other', skip: true },
      { name: 'last' },
    ];
    const loop = startWindow(items, { concurrency: 1, loop: { key: 'name', dependsOn: 'needs', skipIf: 'skip' } });
    // "cached" ended without taking the one slot, which went to "last"; "next" became ready through it.
    expect(loop.finished.map((item) => [item.key, item.status, item.error])).toEqual([['cached', 'skipped', 'up to date']]);
    expect(loop.running()).toEqual(['last']);
    await loop.item('last').succeed();
    expect(loop.running()).toEqual(['next']);
    await loop.item('next').succeed();
    expect(loop.finished.map((item) => [item.key, item.status])).toEqual([
      ['cached', 'skipped'],
      ['last', 'succeeded'],
      ['next', 'succeeded'],
      ['other', 'skipped'],
    ]);
    expect(loop.finished[3].error).toBe('skipped: "skip" is set');
    expect(loop.started).toEqual(['last', 'next']);
    expect(loop.result()).toMatchObject({ total: 4, succeeded: 2, skipped: 2 });
  });
});

describe('LoopWindow: live control', () => {
  it('raises the window in the same activation, and a lowered window lets running items finish', async () => {
    const control = new ExecutionControlClass();
    const loop = startWindow(keysOf(10), { concurrency: 2, control });
    expect(loop.running()).toEqual(['0', '1']);

    expect(control.setConcurrency(5, () => 2)).toEqual({ previous: 2, concurrency: 5 });
    // No activation in between: the update's own activation starts the three new items.
    expect(loop.running()).toEqual(['0', '1', '2', '3', '4']);
    expect(loop.window.progress()).toMatchObject({ concurrency: 5, running: 5, completed: 0, total: 10 });

    expect(control.setConcurrency(1, () => 2)).toEqual({ previous: 5, concurrency: 1 });
    // Nothing is cancelled; nothing starts until fewer than one run.
    const runningAfter: number[] = [];
    for (const key of ['4', '0', '3', '1', '2']) {
      await loop.item(key).succeed();
      runningAfter.push(loop.running().length);
    }
    expect(runningAfter).toEqual([4, 3, 2, 1, 1]);
    expect(loop.running()).toEqual(['5']);
    expect(loop.mostInFlight()).toBe(5);

    for (const key of ['5', '6', '7', '8', '9']) {
      expect(loop.running()).toEqual([key]);
      await loop.item(key).succeed();
    }
    expect(loop.result()).toMatchObject({ concurrency: 1, total: 10, succeeded: 10 });
    expect(control.setConcurrency(3, () => 2)).toEqual({ previous: 1, concurrency: 3 });
  });

  it('starts nothing while paused and refills to N on resume', async () => {
    const control = new ExecutionControlClass();
    const loop = startWindow(keysOf(6), { concurrency: 3, control });
    control.pause();
    await loop.item('0').succeed();
    await loop.item('1').succeed();
    expect(loop.running()).toEqual(['2']);
    expect(loop.window.progress()).toMatchObject({ paused: true, running: 1, completed: 2, succeeded: 2, runningKeys: ['2'] });

    control.resume();
    expect(loop.running()).toEqual(['2', '3', '4']);
    expect(loop.window.progress().paused).toBe(false);
    for (const key of ['2', '3', '4']) await loop.item(key).succeed();
    await loop.item('5').succeed();
    expect(loop.started).toEqual(keysOf(6));
    expect(loop.result()).toMatchObject({ succeeded: 6 });
  });

  it('starts nothing when the execution was paused before the loop began', async () => {
    const control = new ExecutionControlClass({ paused: true });
    const loop = startWindow(keysOf(3), { concurrency: 2, control });
    await settle();
    expect(loop.started).toEqual([]);
    expect(loop.outcome()).toBeUndefined();
    control.resume();
    expect(loop.started).toEqual(['0', '1']);
  });

  it('takes a concurrency override carried over from the run before', () => {
    const loop = startWindow(keysOf(5), { concurrency: 1, control: new ExecutionControlClass({ paused: false, concurrency: 4 }) });
    expect(loop.running()).toEqual(['0', '1', '2', '3']);
    expect(loop.window.concurrency).toBe(1);
  });
});

describe('LoopWindow: failures', () => {
  it('with onItemError "continue", counts failures with their deepest message and attempts, and runs the rest', async () => {
    const loop = startWindow(keysOf(4), { concurrency: 2 });
    await loop.item('0').fail(new Error('activity failed', { cause: new Error('disk full') }), 3);
    expect(loop.running()).toEqual(['1', '2']);
    await loop.item('1').succeed();
    await loop.item('2').fail('plain string');
    await loop.item('3').succeed();
    const result = loop.result() as LoopResult;
    expect({ ...result, items: [] }).toEqual({ concurrency: 2, total: 4, succeeded: 2, failed: 2, blocked: 0, skipped: 0, items: [] });
    expect(result.items.map((item) => [item.key, item.status, item.attempts, item.error])).toEqual([
      ['0', 'failed', 3, 'disk full'],
      ['1', 'succeeded', 1, undefined],
      ['2', 'failed', 1, 'plain string'],
      ['3', 'succeeded', 1, undefined],
    ]);
  });

  it('with "block-dependents", blocks what depends on a failed item, transitively, and runs the rest', async () => {
    // base ← mid ← top; side alone.
    const items = [{ name: 'base' }, { name: 'mid', needs: ['base'] }, { name: 'top', needs: ['mid'] }, { name: 'side' }];
    const loop = startWindow(items, { concurrency: 2, onItemError: 'block-dependents', loop: { key: 'name', dependsOn: 'needs' } });
    expect(loop.running()).toEqual(['base', 'side']);
    await loop.item('base').fail(new Error('compile error'));
    expect(loop.finished.map((item) => [item.key, item.status, item.blockedBy, item.error])).toEqual([
      ['base', 'failed', undefined, 'compile error'],
      ['mid', 'blocked', 'base', 'blocked: depends on "base", which failed'],
      ['top', 'blocked', 'base', 'blocked: depends on "base", which failed'],
    ]);
    expect(loop.running()).toEqual(['side']);
    await loop.item('side').succeed();
    expect(loop.started).toEqual(['base', 'side']);
    expect(loop.result()).toMatchObject({ total: 4, succeeded: 1, failed: 1, blocked: 2, skipped: 0 });
  });

  it('with "fail-fast", cancels the items in flight, skips those not started and rejects with the result', async () => {
    const loop = startWindow(keysOf(6), { concurrency: 3, onItemError: 'fail-fast' });
    await loop.item('1').fail(new Error('bad input'));
    await settle();
    expect(loop.running()).toEqual([]);
    expect(loop.started).toEqual(['0', '1', '2']);

    const error = loop.error() as ApplicationFailure;
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error.type).toBe(LOOP_FAILED_ERROR);
    expect(error.nonRetryable).toBe(true);
    expect(error.message).toBe('Loop step "each" stopped at its first failed item "1": bad input');
    const result = error.details?.[0] as LoopResult;
    expect({ ...result, items: [] }).toEqual({ concurrency: 3, total: 6, succeeded: 0, failed: 1, blocked: 0, skipped: 5, items: [] });
    expect(result.items.map((item) => [item.key, item.status, item.error])).toEqual([
      ['0', 'skipped', 'cancelled: item "1" failed first (fail-fast)'],
      ['1', 'failed', 'bad input'],
      ['2', 'skipped', 'cancelled: item "1" failed first (fail-fast)'],
      ['3', 'skipped', 'not started: item "1" failed first (fail-fast)'],
      ['4', 'skipped', 'not started: item "1" failed first (fail-fast)'],
      ['5', 'skipped', 'not started: item "1" failed first (fail-fast)'],
    ]);
  });
});

describe('LoopWindow: bail (stop at the first failure, and still resolve)', () => {
  it('cancels the items in flight, skips those not started, blocks the failed item’s dependents and resolves', async () => {
    // base ← mid; p, q, x, y alone; window 3: base (longest chain) first, then p and q by key.
    const items = [{ name: 'base' }, { name: 'mid', needs: ['base'] }, { name: 'p' }, { name: 'q' }, { name: 'x' }, { name: 'y' }];
    const loop = startWindow(items, {
      concurrency: 3,
      onItemError: 'block-dependents',
      bail: true,
      loop: { key: 'name', dependsOn: 'needs' },
    });
    expect(loop.running()).toEqual(['base', 'p', 'q']);
    await loop.item('base').fail(new Error('compile error'));
    await settle();
    expect(loop.running()).toEqual([]);
    expect(loop.started).toEqual(['base', 'p', 'q']);
    const result = loop.result() as LoopResult;
    expect({ ...result, items: [] }).toEqual({ concurrency: 3, total: 6, succeeded: 0, failed: 1, blocked: 1, skipped: 4, items: [] });
    expect(result.items.map((item) => [item.key, item.status, item.error])).toEqual([
      ['base', 'failed', 'compile error'],
      ['mid', 'blocked', 'blocked: depends on "base", which failed'],
      ['p', 'skipped', 'cancelled: item "base" failed first and the run stops at the first failure (bail)'],
      ['q', 'skipped', 'cancelled: item "base" failed first and the run stops at the first failure (bail)'],
      ['x', 'skipped', 'not started: item "base" failed first and the run stops at the first failure (bail)'],
      ['y', 'skipped', 'not started: item "base" failed first and the run stops at the first failure (bail)'],
    ]);
  });

  it('changes nothing while every item succeeds', async () => {
    const loop = startWindow(keysOf(4), { concurrency: 2, bail: true });
    for (const key of keysOf(4)) await loop.item(key).succeed();
    expect(loop.result()).toMatchObject({ total: 4, succeeded: 4, skipped: 0 });
  });
});

describe('LoopWindow: cancellation', () => {
  const cancellationTest =
    'stops starting items when the workflow is cancelled, records those in flight as skipped and rejects with the cancellation';
  it(cancellationTest, async () => {
    const loop = startWindow(keysOf(5), { concurrency: 2 });
    await loop.item('0').succeed();
    FakeScope.root.cancel();
    await settle();
    expect(loop.started).toEqual(['0', '1', '2']);
    expect(loop.running()).toEqual([]);
    expect(loop.error()).toBeInstanceOf(CancelledFailure);
    expect(loop.finished.map((item) => [item.key, item.status, item.error])).toEqual([
      ['0', 'succeeded', undefined],
      ['1', 'skipped', 'cancelled: the workflow was cancelled'],
      ['2', 'skipped', 'cancelled: the workflow was cancelled'],
    ]);
  });

  it('hears a cancellation while paused with nothing in flight', async () => {
    const control = new ExecutionControlClass();
    const loop = startWindow(keysOf(3), { concurrency: 1, control });
    control.pause();
    await loop.item('0').succeed();
    expect(loop.outcome()).toBeUndefined();
    FakeScope.root.cancel();
    await settle();
    expect(loop.error()).toBeInstanceOf(CancelledFailure);
    expect(loop.started).toEqual(['0']);
  });
});

describe('LoopWindow: continue-as-new', () => {
  it('drains when the gate closes and hands over a checkpoint that the next run goes on from', async () => {
    const first = startWindow(keysOf(6), { concurrency: 2, gate: new ContinueAsNewGateClass(100) });
    await first.item('0').succeed();
    expect(first.running()).toEqual(['1', '2']);
    history.historyLength = 100;
    await first.item('2').fail(new Error('boom'));
    // The gate has closed: the freed slot stays empty and the loop drains.
    expect(first.running()).toEqual(['1']);
    expect(first.outcome()).toBeUndefined();
    await first.item('1').succeed();
    // Statuses by item: 0 S, 1 S, 2 F, the rest pending.
    expect(first.result()).toEqual({ drained: true, checkpoint: 'SSF...' });

    history.historyLength = 1;
    const second = startWindow(keysOf(6), { concurrency: 2, gate: new ContinueAsNewGateClass(100), checkpoint: 'SSF...' });
    expect(second.running()).toEqual(['3', '4']);
    expect(second.window.progress()).toMatchObject({ completed: 3, succeeded: 2, failed: 1, running: 2 });
    for (const key of ['3', '4', '5']) await second.item(key).succeed();
    expect(second.started).toEqual(['3', '4', '5']);
    // Counts include the earlier run; the items of a loop that spanned runs live in PostgreSQL only.
    expect(second.result()).toEqual({
      concurrency: 2,
      total: 6,
      succeeded: 5,
      failed: 1,
      blocked: 0,
      skipped: 0,
      items: [],
      itemsOmitted: true,
    });
  });

  it('counts checkpointed dependencies as done: a dependent of an item finished earlier is ready at once', () => {
    const items = [{ name: 'a' }, { name: 'b', needs: ['a'] }];
    const loop = startWindow(items, { concurrency: 2, loop: { key: 'name', dependsOn: 'needs' }, checkpoint: 'S.' });
    expect(loop.running()).toEqual(['b']);
  });
});

import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import type { LoopDefinition, StepDefinition, WorkflowDefinition } from '../src/definition/workflow-definition';
import { inputProblems } from '../src/runtime/input-requirements';
import { isRecord, prepareLoopItems, valueAtPath, type LoopItems } from '../src/runtime/loop-items';
import { LOOP_INPUT_ERROR } from '../src/protocol';

function loopOver(over: LoopDefinition['over'], options: Partial<LoopDefinition> = {}): LoopDefinition {
  return { over, concurrency: 2, onItemError: 'continue', ...options };
}

const overInput = (options: Partial<LoopDefinition> = {}) => loopOver({ kind: 'input' }, options);

/** The error `prepareLoopItems` throws, checked to be the non-retryable loop input failure. */
function inputError(loop: LoopDefinition, value: unknown, step = 'each'): string {
  try {
    prepareLoopItems(step, loop, value);
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure.type).toBe(LOOP_INPUT_ERROR);
    expect(failure.nonRetryable).toBe(true);
    return failure.message;
  }
  throw new Error('prepareLoopItems accepted the input');
}

/** Keys in start order when every item is ready. */
function startOrder(prepared: LoopItems): string[] {
  return Array.from(prepared.order, (index) => prepared.keys[index]);
}

describe('prepareLoopItems: reading the items', () => {
  it.each([null, undefined])('treats %p as a loop with no items', (value) => {
    const prepared = prepareLoopItems('each', overInput(), value);
    expect(prepared.items).toEqual([]);
    expect(prepared.keys).toEqual([]);
    expect(Array.from(prepared.order)).toEqual([]);
    expect(prepared.graph).toBeUndefined();
  });

  it('keys items by position when the loop has no key, keeps them in input order and runs them all', () => {
    const items = [{ a: 1 }, 'two', 3];
    const prepared = prepareLoopItems('each', overInput(), items);
    expect(prepared.items).toBe(items);
    expect(prepared.keys).toEqual(['0', '1', '2']);
    expect(Array.from(prepared.order)).toEqual([0, 1, 2]);
    expect(Array.from(prepared.rank)).toEqual([0, 1, 2]);
    expect(prepared.skipReasons).toEqual([undefined, undefined, undefined]);
    expect(prepared.graph).toBeUndefined();
  });

  it.each<[string, LoopDefinition, unknown, string]>([
    [
      'the whole input',
      overInput(),
      { records: [] },
      'Loop step "each" needs an array to loop over, but the workflow input is an object ({"records":[]}). ' +
        'Pass an array (or null for no items) there when starting the workflow.',
    ],
    [
      'a path in the input',
      loopOver({ kind: 'input', path: 'batch.items' }),
      'abc',
      'Loop step "each" needs an array to loop over, but the workflow input at "batch.items" is a string ("abc"). ' +
        'Pass an array (or null for no items) there when starting the workflow.',
    ],
    [
      'the result of a step',
      loopOver({ kind: 'step', step: 'list' }),
      3,
      'Loop step "each" needs an array to loop over, but the result of step "list" is a number (3). ' +
        'Make step "list" return an array (or null for no items).',
    ],
    [
      'the whole input, when it is a boolean',
      overInput(),
      false,
      'Loop step "each" needs an array to loop over, but the workflow input is a boolean (false). ' +
        'Pass an array (or null for no items) there when starting the workflow.',
    ],
  ])('refuses a value that is not an array, from %s, and says where to fix it', (_source, loop, value, message) => {
    expect(inputError(loop, value)).toBe(message);
  });
});

describe('prepareLoopItems: keys', () => {
  it('takes string and number keys from the key property, as strings', () => {
    const prepared = prepareLoopItems('each', overInput({ key: 'id' }), [{ id: 'x' }, { id: 7 }]);
    expect(prepared.keys).toEqual(['x', '7']);
  });

  it.each<[string, unknown, string]>([
    ['a missing key', { other: 1 }, 'undefined'],
    ['a boolean key', { id: true }, 'a boolean (true)'],
    ['an object key', { id: { nested: 1 } }, 'an object ({"nested":1})'],
    ['an item that is not an object', 'plain', 'undefined'],
    ['an array item', ['id'], 'undefined'],
  ])('refuses %s, naming the item and what it has', (_case, item, found) => {
    expect(inputError(overInput({ key: 'id' }), [{ id: 'ok' }, item])).toBe(
      `Loop step "each" needs every item to have a string or number "id" property (its key), but item 1 has ${found}.`,
    );
  });

  it('refuses duplicate keys, naming both positions; a number and a string with the same text collide', () => {
    expect(inputError(overInput({ key: 'id' }), [{ id: 'a' }, { id: 'b' }, { id: 'a' }])).toBe(
      'Loop step "each" needs unique "id" keys, but items 0 and 2 are both "a".',
    );
    expect(inputError(overInput({ key: 'id' }), [{ id: 1 }, { id: '1' }])).toBe(
      'Loop step "each" needs unique "id" keys, but items 0 and 1 are both "1".',
    );
  });
});

describe('prepareLoopItems: item dependencies and start order', () => {
  const withDependencies = (options: Partial<LoopDefinition> = {}) => overInput({ key: 'name', dependsOn: 'needs', ...options });

  it('orders the longest remaining chain first, then by key', () => {
    // a ← b ← c is a chain of 3 (bottom levels a=3, b=2, c=1); d and e stand alone (level 1).
    // Level first: a, b; then the level-1 items by key: c, d, e.
    const prepared = prepareLoopItems('each', withDependencies(), [
      { name: 'e' },
      { name: 'c', needs: ['b'] },
      { name: 'd' },
      { name: 'b', needs: ['a'] },
      { name: 'a' },
    ]);
    expect(startOrder(prepared)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Array.from(prepared.rank)).toEqual([4, 2, 3, 1, 0]);
    expect(prepared.graph).toBeDefined();
    const graph = prepared.graph!;
    expect(Array.from(graph.dependenciesOf(1), (index) => prepared.keys[index])).toEqual(['b']);
    expect(Array.from(graph.dependentsOf(4), (index) => prepared.keys[index])).toEqual(['b']);
  });

  it('weights chains by estimatedDuration: one long item outranks a chain of short ones', () => {
    // long alone: 100. short1 ← short2: 10 + 10 = 20 for short1, 10 for short2. A missing estimate counts 1,
    // and 0 counts 1 too (so "free" has level 1 and comes last).
    const prepared = prepareLoopItems('each', withDependencies({ estimatedDuration: 'ms' }), [
      { name: 'short1', ms: 10 },
      { name: 'short2', ms: 10, needs: ['short1'] },
      { name: 'long', ms: 100 },
      { name: 'free', ms: 0 },
      { name: 'unknown' },
    ]);
    expect(startOrder(prepared)).toEqual(['long', 'short1', 'short2', 'free', 'unknown']);
  });

  it('without a key, keeps ties in input order', () => {
    const prepared = prepareLoopItems('each', overInput(), [{ name: 'z' }, { name: 'a' }]);
    expect(startOrder(prepared)).toEqual(['0', '1']);
  });

  it('with a key but no dependencies, orders by key', () => {
    const prepared = prepareLoopItems('each', overInput({ key: 'name' }), [{ name: 'z' }, { name: 'a' }, { name: 'm' }]);
    expect(startOrder(prepared)).toEqual(['a', 'm', 'z']);
    expect(prepared.graph).toBeUndefined();
  });

  it('treats a null or missing dependency list as none', () => {
    const prepared = prepareLoopItems('each', withDependencies(), [{ name: 'a', needs: null }, { name: 'b' }]);
    expect(Array.from(prepared.graph!.dependenciesOf(0))).toEqual([]);
    expect(Array.from(prepared.graph!.dependenciesOf(1))).toEqual([]);
  });

  it('refuses a dependency list that is not an array', () => {
    expect(inputError(withDependencies(), [{ name: 'a' }, { name: 'b', needs: 'a' }])).toBe(
      'Loop step "each" needs the "needs" property of each item to be an array of keys, but item "b" has a string ("a").',
    );
  });

  it('refuses dependencies on keys no item has, listing every one', () => {
    expect(
      inputError(withDependencies(), [
        { name: 'a', needs: ['x'] },
        { name: 'b', needs: ['a', 'y'] },
      ]),
    ).toBe('Loop step "each" has items that depend on keys no item has: "a" → "x", "b" → "y".');
  });

  it('refuses a dependency cycle, showing it', () => {
    expect(inputError(withDependencies(), [{ name: 'a', needs: ['b'] }, { name: 'b', needs: ['a'] }, { name: 'c' }])).toBe(
      'Loop step "each" has a dependency cycle between its items: a → b → a.',
    );
  });

  it.each<[unknown, string]>([
    [-1, 'a number (-1)'],
    ['5', 'a string ("5")'],
    [Number.NaN, 'a number (NaN)'],
    [{}, 'an object ({})'],
  ])('refuses the estimated duration %p', (value, found) => {
    expect(inputError(overInput({ estimatedDuration: 'ms' }), [{ ms: 1 }, { ms: value }])).toBe(
      `Loop step "each" needs "ms" (the estimated duration) to be a number ≥ 0 ms, but item 1 has ${found}.`,
    );
  });
});

describe('prepareLoopItems: skipIf', () => {
  it('gives the reason text for a string, a generic reason for other truthy values, none for falsy ones', () => {
    const prepared = prepareLoopItems('each', overInput({ skipIf: 'skip' }), [
      { skip: 'cached' },
      { skip: true },
      { skip: 1 },
      { skip: false },
      { skip: '' },
      { skip: 0 },
      {},
      'not a record',
    ]);
    expect(prepared.skipReasons).toEqual([
      'cached',
      'skipped: "skip" is set',
      'skipped: "skip" is set',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('loop item helpers', () => {
  it('isRecord accepts plain objects only', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord('x')).toBe(false);
  });

  it('valueAtPath follows dotted paths through records and gives undefined where they stop', () => {
    const input = { batch: { items: [1, 2], count: 2 }, list: ['a'] };
    expect(valueAtPath(input, undefined)).toBe(input);
    expect(valueAtPath(input, 'batch.items')).toEqual([1, 2]);
    expect(valueAtPath(input, 'batch.missing')).toBeUndefined();
    expect(valueAtPath(input, 'batch.count.deeper')).toBeUndefined();
    // Arrays are not records: a path never indexes into one.
    expect(valueAtPath(input, 'list.0')).toBeUndefined();
    expect(valueAtPath(null, 'batch')).toBeUndefined();
  });
});

describe('inputProblems', () => {
  function step(name: string, loop?: LoopDefinition): StepDefinition {
    return {
      name,
      kind: loop === undefined ? 'step' : 'loop',
      dependsOn: [],
      activityType: `Test.${name}`,
      activity: {
        startToCloseTimeout: '1m',
        heartbeatTimeout: '30s',
        retry: { maximumAttempts: 1, initialInterval: '1s', backoffCoefficient: 2 },
      },
      ...(loop === undefined ? {} : { loop }),
    };
  }

  function definition(...steps: StepDefinition[]): WorkflowDefinition {
    return { name: 'Test', className: 'Test', taskQueue: 'q', internal: false, steps, hash: 'h' };
  }

  it('accepts an array, null or nothing where a loop reads the input', () => {
    const def = definition(step('each', overInput()));
    expect(inputProblems(def, [1, 2])).toEqual([]);
    expect(inputProblems(def, null)).toEqual([]);
    expect(inputProblems(def, undefined)).toEqual([]);
  });

  it('names the loop and shows the value when the input is not an array', () => {
    expect(inputProblems(definition(step('each', overInput())), { a: 1 })).toEqual([
      'loop step "each" needs an array to loop over, but the workflow input is an object ({"a":1})',
    ]);
    expect(inputProblems(definition(step('each', overInput())), 7)).toEqual([
      'loop step "each" needs an array to loop over, but the workflow input is a number (7)',
    ]);
  });

  it('reads a path as the interpreter does, and names it', () => {
    const def = definition(step('each', loopOver({ kind: 'input', path: 'batch.items' })));
    expect(inputProblems(def, { batch: { items: [] } })).toEqual([]);
    expect(inputProblems(def, { batch: {} })).toEqual([]);
    expect(inputProblems(def, { batch: { items: 'x' } })).toEqual([
      'loop step "each" needs an array to loop over, but the workflow input at "batch.items" is a string ("x")',
    ]);
  });

  it('ignores loops over a step result and plain steps: the input does not feed them', () => {
    const def = definition(step('list'), step('each', loopOver({ kind: 'step', step: 'list' })));
    expect(inputProblems(def, 'anything')).toEqual([]);
  });

  it('cuts a large value to 80 characters of JSON', () => {
    // JSON is '"' + 300 × 'a' + '"': cut to 79 characters (78 a's after the quote) plus "…".
    expect(inputProblems(definition(step('each', overInput())), 'a'.repeat(300))).toEqual([
      `loop step "each" needs an array to loop over, but the workflow input is a string ("${'a'.repeat(78)}…)`,
    ]);
  });

  it.each<[unknown, string]>([
    [0, 'a number (0)'],
    [1001, 'a number (1001)'],
    [2.5, 'a number (2.5)'],
    ['4', 'a string ("4")'],
    [null, 'null'],
    [[4], 'an array of 1 item'],
  ])('refuses %p as the concurrency read from the input', (value, found) => {
    const def = definition(step('each', loopOver({ kind: 'step', step: 'list' }, { concurrencyFrom: 'parallel' })));
    expect(inputProblems(def, { parallel: value })).toEqual([
      `loop step "each" reads its concurrency from the input property "parallel", which must be an integer from 1 to 1000, but it ` +
        `is ${found}`,
    ]);
  });

  it('accepts a valid concurrency in the input, or none at all', () => {
    const def = definition(step('each', loopOver({ kind: 'step', step: 'list' }, { concurrencyFrom: 'parallel' })));
    expect(inputProblems(def, { parallel: 1 })).toEqual([]);
    expect(inputProblems(def, { parallel: 1000 })).toEqual([]);
    expect(inputProblems(def, {})).toEqual([]);
    expect(inputProblems(def, [1, 2])).toEqual([]);
  });

  it.each<[unknown, string]>([
    ['yes', 'a string ("yes")'],
    [1, 'a number (1)'],
    [null, 'null'],
  ])('refuses %p as whether to bail, read from the input', (value, found) => {
    const def = definition(step('each', loopOver({ kind: 'step', step: 'list' }, { bailFrom: 'bail' })));
    expect(inputProblems(def, { bail: value })).toEqual([
      `loop step "each" reads whether to stop at the first failure from the input property "bail", which must be true or false, ` +
        `but it is ${found}`,
    ]);
  });

  it('accepts true, false or no bail in the input', () => {
    const def = definition(step('each', loopOver({ kind: 'step', step: 'list' }, { bailFrom: 'bail' })));
    expect(inputProblems(def, { bail: true })).toEqual([]);
    expect(inputProblems(def, { bail: false })).toEqual([]);
    expect(inputProblems(def, {})).toEqual([]);
  });

  it('lists every problem, in step order', () => {
    const def = definition(
      step('first', overInput({ concurrencyFrom: 'parallel' })),
      step('second', loopOver({ kind: 'input', path: 'more' })),
    );
    expect(inputProblems(def, { parallel: 0, more: 1 })).toEqual([
      'loop step "first" needs an array to loop over, but the workflow input is an object ({"parallel":0,"more":1})',
      'loop step "first" reads its concurrency from the input property "parallel", which must be an integer from 1 to 1000, but it is ' +
        'a number (0)',
      'loop step "second" needs an array to loop over, but the workflow input at "more" is a number (1)',
    ]);
  });
});

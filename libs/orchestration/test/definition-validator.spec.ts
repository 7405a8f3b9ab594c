import { describe, expect, it } from '@jest/globals';
import {
  dependenciesOf,
  isStepMethod,
  MIN_HEARTBEAT_TIMEOUT_MS,
  stepNameOf,
  validateDeclarations,
  workflowTypeOf,
} from '../src/definition/definition.validator';
import type { LoopDeclaration, MethodDeclaration, StepDeclaration, WorkflowDeclaration } from '../src/definition/workflow-declaration';
import type { OnItemError } from '../src/definition/workflow-definition';

function workflow(className: string, methods: MethodDeclaration[], options: Partial<WorkflowDeclaration> = {}): WorkflowDeclaration {
  return { className, methods, ...options };
}

function step(method: string, options: StepDeclaration = {}, dependsOn?: string[]): MethodDeclaration {
  return { method, step: options, ...(dependsOn === undefined ? {} : { dependsOn }) };
}

/** A loop as the explorer declares it: a loop of child workflows on a property, any other on a method. */
function loop(method: string, options: Partial<LoopDeclaration> = {}, dependsOn?: string[]): MethodDeclaration {
  return {
    method,
    ...(options.child === undefined ? {} : { property: true }),
    loop: { concurrency: 4, ...options },
    ...(dependsOn === undefined ? {} : { dependsOn }),
  };
}

/** Problems of one workflow class. */
function problemsOf(className: string, methods: MethodDeclaration[], options: Partial<WorkflowDeclaration> = {}): string[] {
  return validateDeclarations([workflow(className, methods, options)]);
}

/** A declaration that uses every option the validator checks, each with a valid value. */
const release = workflow(
  'Release',
  [
    step('discover', {
      name: 'list',
      startToCloseTimeout: '5m',
      scheduleToCloseTimeout: 600_000,
      heartbeatTimeout: MIN_HEARTBEAT_TIMEOUT_MS,
    }),
    step('lint', { retry: { attempts: 3, backoff: { initialInterval: '1s', coefficient: 1 } } }),
    loop(
      'build',
      {
        over: 'list',
        concurrency: 1000,
        concurrencyFrom: 'parallel',
        onItemError: 'block-dependents',
        bailFrom: 'bail',
        key: 'name',
        dependsOn: 'needs',
        estimatedDuration: 'ms',
        skipIf: 'cached',
        retry: { attempts: 1 },
        heartbeatTimeout: '1s',
      },
      ['lint'],
    ),
    loop('records', { over: { input: 'batch.items' }, concurrency: 1, onItemError: 'fail-fast' }),
    loop('everything', { over: { input: true }, concurrency: 2, onItemError: 'continue' }),
    loop('implicit', { concurrency: 2 }, ['records']),
    loop('children', { concurrency: 3, child: { className: 'PackageBuild', workflowType: 'package-build' } }, ['build']),
    step('publish', {}, ['build', 'children']),
    { method: 'helper' },
  ],
  { name: 'release', taskQueue: 'builds' },
);
const packageBuild = workflow('PackageBuild', [step('run')], { name: 'package-build', internal: true });

describe('validateDeclarations: valid declarations', () => {
  it('accepts a workflow that uses every checked option with a valid value, and its child workflow', () => {
    expect(validateDeclarations([release, packageBuild])).toEqual([]);
  });

  it('accepts an empty list of declarations', () => {
    expect(validateDeclarations([])).toEqual([]);
  });

  it('accepts a loop without over that depends on one step (it loops over that step)', () => {
    expect(problemsOf('W', [step('list'), loop('each', {}, ['list'])])).toEqual([]);
  });
});

describe('validateDeclarations: workflow rules', () => {
  it('refuses two classes with the same @Workflow() name, naming both and the fix', () => {
    expect(validateDeclarations([workflow('A', [step('s')], { name: 'same' }), workflow('B', [step('s')], { name: 'same' })])).toEqual([
      '@Workflow() name "same" is used by both "A" and "B". Give each workflow a unique name with @Workflow({ name: "..." }).',
    ]);
  });

  it("refuses a @Workflow() name equal to another class name, which is that class's type", () => {
    expect(validateDeclarations([workflow('Release', [step('s')]), workflow('Other', [step('s')], { name: 'Release' })])).toEqual([
      '@Workflow() name "Release" is used by both "Release" and "Other". Give each workflow a unique name with @Workflow({ name: "..." }).',
    ]);
  });

  it('refuses two classes of the same name even when their workflow names differ, and says why', () => {
    expect(validateDeclarations([workflow('Job', [step('s')], { name: 'a' }), workflow('Job', [step('s')], { name: 'b' })])).toEqual([
      '@Workflow() is on two different classes named "Job": their steps\' activity types ("Job.<method>") would collide. Rename one ' +
        'of the classes.',
    ]);
  });

  it.each<[string, unknown, string]>([
    ['empty', '', 'a string ("")'],
    ['blank', '   ', 'a string ("   ")'],
    ['a number', 42, 'a number (42)'],
  ])('refuses a name that is %s', (_case, name, found) => {
    expect(problemsOf('Job', [step('s')], { name: name as string })).toEqual([
      `@Workflow() on "Job" needs name to be a non-empty string, but got ${found}.`,
    ]);
  });

  it.each<[string, unknown, string]>([
    ['empty', '', 'a string ("")'],
    ['an object', { queue: 'q' }, 'an object ({"queue":"q"})'],
  ])('refuses a taskQueue that is %s', (_case, taskQueue, found) => {
    expect(problemsOf('Job', [step('s')], { taskQueue: taskQueue as string })).toEqual([
      `@Workflow() on "Job" needs taskQueue to be a non-empty string, but got ${found}.`,
    ]);
  });

  it('refuses a class with no steps, and says which decorators to add', () => {
    expect(problemsOf('Empty', [{ method: 'helper' }])).toEqual([
      '@Workflow() class "Empty" has no steps. Add @Step() or @ParallelLoop() to at least one method.',
    ]);
    expect(problemsOf('Empty', [])).toEqual([
      '@Workflow() class "Empty" has no steps. Add @Step() or @ParallelLoop() to at least one method.',
    ]);
  });

  it('refuses a dependency cycle between steps, showing it', () => {
    expect(problemsOf('Job', [step('a', {}, ['b']), step('b', {}, ['a']), step('c')])).toEqual([
      '@DependsOn on "Job" forms a cycle: a → b → a. Remove one of these dependencies.',
    ]);
  });

  it('counts the step a loop runs over as a dependency when it looks for cycles', () => {
    expect(problemsOf('Job', [step('list', {}, ['each']), loop('each', { over: 'list' })])).toEqual([
      '@DependsOn on "Job" forms a cycle: each → list → each. Remove one of these dependencies.',
    ]);
  });
});

describe('validateDeclarations: step rules', () => {
  it('refuses two steps with the same name, naming both methods', () => {
    expect(problemsOf('Job', [step('first', { name: 'build' }), loop('second', { name: 'build' })])).toEqual([
      '@ParallelLoop() on "Job#second" is named "build", which "Job#first" already uses. Give each step a unique name.',
    ]);
  });

  it('refuses @DependsOn on a method that is not a step', () => {
    expect(problemsOf('Job', [step('s'), { method: 'helper', dependsOn: ['s', 't'] }])).toEqual([
      '@DependsOn("s", "t") on "Job#helper" needs "Job#helper" to be a step, but it has no @Step() or @ParallelLoop(). ' +
        'Add @Step() to the method or remove @DependsOn().',
    ]);
  });

  it('refuses @Step() and @ParallelLoop() on the same method', () => {
    expect(problemsOf('Job', [{ method: 'both', step: {}, loop: { concurrency: 2 } }])).toEqual([
      '"Job#both" has both @Step() and @ParallelLoop(). Keep only @ParallelLoop(): it already makes the method a step.',
    ]);
  });

  it('refuses @DependsOn on an unknown step, listing the known steps other than itself', () => {
    expect(problemsOf('Release', [step('test'), step('build', { name: 'compile' }), step('publish', {}, ['lint'])])).toEqual([
      '@DependsOn("lint") on "Release#publish" refers to unknown step "lint". Known steps: "test", "compile".',
    ]);
  });

  it('says "none" when there is no other step to depend on', () => {
    expect(problemsOf('Job', [step('only', {}, ['missing'])])).toEqual([
      '@DependsOn("missing") on "Job#only" refers to unknown step "missing". Known steps: none.',
    ]);
  });

  it.each<[string, StepDeclaration['retry'], string]>([
    ['0 attempts', { attempts: 0 }, 'needs retry.attempts to be an integer ≥ 1, but got a number (0). Use 1 for no retry.'],
    ['fractional attempts', { attempts: 2.5 }, 'needs retry.attempts to be an integer ≥ 1, but got a number (2.5). Use 1 for no retry.'],
    [
      'a backoff coefficient below 1',
      { attempts: 3, backoff: { coefficient: 0.5 } },
      'needs retry.backoff.coefficient to be a number ≥ 1, but got a number (0.5).',
    ],
  ])('refuses a step retry with %s', (_case, retry, expected) => {
    expect(problemsOf('Job', [step('s', { retry })])).toEqual([`@Step() on "Job#s" ${expected}`]);
  });

  it.each<[keyof StepDeclaration, unknown, string]>([
    ['startToCloseTimeout', 0, 'a positive duration (milliseconds, or a string such as "30s"), but got a number (0).'],
    ['startToCloseTimeout', 'soon', 'a positive duration (milliseconds, or a string such as "30s"), but got a string ("soon").'],
    [
      'startToCloseTimeout',
      Number.POSITIVE_INFINITY,
      'a positive duration (milliseconds, or a string such as "30s"), but got a number (Infinity).',
    ],
    ['scheduleToCloseTimeout', -5, 'a positive duration (milliseconds, or a string such as "30s"), but got a number (-5).'],
    ['scheduleToCloseTimeout', true, 'a positive duration (milliseconds, or a string such as "30s"), but got a boolean (true).'],
    ['heartbeatTimeout', 999, 'a duration of at least 1s (milliseconds, or a string such as "30s"), but got a number (999).'],
    ['heartbeatTimeout', '500ms', 'a duration of at least 1s (milliseconds, or a string such as "30s"), but got a string ("500ms").'],
  ])('refuses %s: %p on a step', (option, value, expected) => {
    expect(problemsOf('Job', [step('s', { [option]: value })])).toEqual([`@Step() on "Job#s" needs ${option} to be ${expected}`]);
  });
});

describe('validateDeclarations: loop rules', () => {
  const where = '"Job#each"';

  it('refuses over naming an unknown step, listing the known ones and the input alternative', () => {
    expect(problemsOf('Job', [step('list'), loop('each', { over: 'lsit' })])).toEqual([
      `@ParallelLoop({ over: "lsit" }) on ${where} refers to unknown step "lsit". Known steps: "list". ` +
        'Set over to one of them, or to { input: true } to loop over the workflow input.',
    ]);
  });

  it('refuses a loop over its own result', () => {
    expect(problemsOf('Job', [step('list'), loop('each', { over: 'each' })])).toEqual([
      `@ParallelLoop({ over: "each" }) on ${where} loops over its own result. Set over to another step.`,
      '@DependsOn on "Job" forms a cycle: each → each. Remove one of these dependencies.',
    ]);
  });

  it.each<[string, unknown, string]>([
    ['input: false', { input: false }, 'an object ({"input":false})'],
    ['an empty input path', { input: '' }, 'an object ({"input":""})'],
    ['no input property', {}, 'an object ({})'],
  ])('refuses over with %s', (_case, over, found) => {
    expect(problemsOf('Job', [loop('each', { over: over as LoopDeclaration['over'] })])).toEqual([
      `@ParallelLoop() on ${where} needs over to be a step name, { input: true } or { input: "path.in.input" }, but got ${found}.`,
    ]);
  });

  it('refuses a loop without over that depends on several steps, and asks which one', () => {
    expect(problemsOf('Job', [step('a'), step('b'), loop('each', {}, ['a', 'b'])])).toEqual([
      `@ParallelLoop() on ${where} depends on several steps ("a", "b") and does not say which one to loop over. Set over to one of them.`,
    ]);
  });

  it.each<[unknown, string]>([
    [0, 'a number (0)'],
    [1001, 'a number (1001)'],
    [1.5, 'a number (1.5)'],
    ['4', 'a string ("4")'],
    [undefined, 'undefined'],
  ])('refuses concurrency %p, pointing at concurrency: 1 for a sequential loop', (concurrency, found) => {
    expect(problemsOf('Job', [loop('each', { concurrency })])).toEqual([
      `@ParallelLoop() on ${where} needs concurrency to be an integer from 1 to 1000, but got ${found}. Use concurrency: 1 for a ` +
        `sequential loop.`,
    ]);
  });

  it('refuses a concurrencyFrom that names no property', () => {
    expect(problemsOf('Job', [loop('each', { concurrencyFrom: ' ' })])).toEqual([
      `@ParallelLoop() on ${where} needs concurrencyFrom to name a workflow input property, but got a string (" ").`,
    ]);
  });

  it('refuses a bailFrom that names no property', () => {
    expect(problemsOf('Job', [loop('each', { bailFrom: '' })])).toEqual([
      `@ParallelLoop() on ${where} needs bailFrom to name a workflow input property (such as "bail"), but got a string (""). ` +
        'Remove bailFrom if the loop should never stop at its first failure.',
    ]);
  });

  it('refuses an unknown onItemError, listing the modes', () => {
    expect(problemsOf('Job', [loop('each', { onItemError: 'stop' as OnItemError })])).toEqual([
      `@ParallelLoop() on ${where} needs onItemError to be one of "fail-fast", "continue", "block-dependents", but got a string ("stop").`,
    ]);
  });

  it.each(['key', 'estimatedDuration', 'skipIf'] as const)('refuses an empty %s item property', (property) => {
    expect(problemsOf('Job', [loop('each', { [property]: '' })])).toEqual([
      `@ParallelLoop() on ${where} needs ${property} to be the name of an item property, but got a string ("").`,
    ]);
  });

  it('refuses a dependsOn item property that is not a string', () => {
    expect(problemsOf('Job', [loop('each', { key: 'name', dependsOn: 3 as unknown as string })])).toEqual([
      `@ParallelLoop() on ${where} needs dependsOn to be the name of an item property, but got a number (3).`,
    ]);
  });

  it('refuses item dependencies without a key to refer to', () => {
    expect(problemsOf('Job', [loop('each', { dependsOn: 'needs' })])).toEqual([
      `@ParallelLoop({ dependsOn: "needs" }) on ${where} needs key, the item property that the dependencies refer to. ` +
        'Add key: "name" (or whichever property identifies an item).',
    ]);
  });

  it('refuses block-dependents without item dependencies', () => {
    expect(problemsOf('Job', [loop('each', { onItemError: 'block-dependents', key: 'name' })])).toEqual([
      `@ParallelLoop({ onItemError: "block-dependents" }) on ${where} needs item dependencies to know what to block. ` +
        'Add key and dependsOn, or use onItemError: "continue".',
    ]);
  });

  it('refuses a loop retry with 0 attempts, naming @ParallelLoop()', () => {
    expect(problemsOf('Job', [loop('each', { retry: { attempts: 0 } })])).toEqual([
      `@ParallelLoop() on ${where} needs retry.attempts to be an integer ≥ 1, but got a number (0). Use 1 for no retry.`,
    ]);
  });

  it('refuses a loop timeout that is not a duration, naming @ParallelLoop()', () => {
    expect(problemsOf('Job', [loop('each', { startToCloseTimeout: 'never' })])).toEqual([
      `@ParallelLoop() on ${where} needs startToCloseTimeout to be a positive duration (milliseconds, or a string such as "30s"), but ` +
        `got a string ("never").`,
    ]);
  });

  it('refuses a child class without @Workflow()', () => {
    expect(problemsOf('Job', [loop('each', { child: { className: 'Plain' } })])).toEqual([
      `@ParallelLoop({ child: Plain }) on ${where} needs a @Workflow() class, but "Plain" has no @Workflow() decorator. ` +
        'Add @Workflow() to "Plain" and register it as a provider.',
    ]);
  });

  it('refuses a child loop on a method, whose body would never run, and shows the property form', () => {
    const onMethod: MethodDeclaration = { method: 'each', loop: { concurrency: 4, child: { className: 'Child', workflowType: 'Child' } } };
    expect(validateDeclarations([workflow('Job', [onMethod]), workflow('Child', [step('s')])])).toEqual([
      `@ParallelLoop({ child: Child }) on the method ${where} runs each item as a "Child" child workflow, so the method's body would ` +
        `never run. ` +
        'Declare the loop on a property instead: @ParallelLoop({ ..., child: Child }) readonly each!: ChildLoop;',
    ]);
  });

  it('refuses a loop on a property without child, which has nothing to run', () => {
    expect(problemsOf('Job', [{ method: 'each', property: true, loop: { concurrency: 4 } }])).toEqual([
      `@ParallelLoop() on the property ${where} has no body to run for each item. Make it a method (the loop body), ` +
        'or run each item as a child workflow with @ParallelLoop({ child: SomeWorkflow }).',
    ]);
  });

  it('refuses a child @Workflow() class that no module provides', () => {
    expect(problemsOf('Job', [loop('each', { child: { className: 'Child', workflowType: 'child' } })])).toEqual([
      `@ParallelLoop({ child: Child }) on ${where} refers to the @Workflow() class "Child", which is not registered as a provider in ` +
        `any module. ` +
        'Add it to the providers of a module.',
    ]);
  });
});

describe('validateDeclarations: collecting', () => {
  it('reports every problem of every class at once, duplicates first', () => {
    const problems = validateDeclarations([
      workflow('A', [step('s', { retry: { attempts: 0 } }), step('t', {}, ['u'])], { name: 'dup' }),
      workflow('B', [loop('each', { concurrency: 0, key: '' })], { name: 'dup' }),
    ]);
    expect(problems).toEqual([
      '@Workflow() name "dup" is used by both "A" and "B". Give each workflow a unique name with @Workflow({ name: "..." }).',
      '@Step() on "A#s" needs retry.attempts to be an integer ≥ 1, but got a number (0). Use 1 for no retry.',
      '@DependsOn("u") on "A#t" refers to unknown step "u". Known steps: "s".',
      '@ParallelLoop() on "B#each" needs concurrency to be an integer from 1 to 1000, but got a number (0). Use concurrency: 1 for a ' +
        'sequential loop.',
      '@ParallelLoop() on "B#each" needs key to be the name of an item property, but got a string ("").',
    ]);
  });
});

describe('declaration helpers', () => {
  it('stepNameOf prefers the loop name, then the step name, then the method', () => {
    expect(stepNameOf({ method: 'm' })).toBe('m');
    expect(stepNameOf(step('m', { name: 'step' }))).toBe('step');
    expect(stepNameOf(loop('m', { name: 'loop' }))).toBe('loop');
  });

  it('isStepMethod is true for @Step() and @ParallelLoop() methods only', () => {
    expect(isStepMethod(step('m'))).toBe(true);
    expect(isStepMethod(loop('m'))).toBe(true);
    expect(isStepMethod({ method: 'm', dependsOn: ['x'] })).toBe(false);
  });

  it('workflowTypeOf is the @Workflow() name, else the class name', () => {
    expect(workflowTypeOf({ className: 'Release' })).toBe('Release');
    expect(workflowTypeOf({ className: 'Release', name: 'release' })).toBe('release');
  });

  it('dependenciesOf adds the step a loop runs over, once', () => {
    expect(dependenciesOf(step('m', {}, ['a']))).toEqual(['a']);
    expect(dependenciesOf(loop('m', { over: 'list' }, ['a']))).toEqual(['a', 'list']);
    expect(dependenciesOf(loop('m', { over: 'a' }, ['a']))).toEqual(['a']);
    expect(dependenciesOf(loop('m', { over: { input: true } }))).toEqual([]);
  });
});

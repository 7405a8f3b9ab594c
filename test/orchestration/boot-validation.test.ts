import { Injectable, Module, Scope, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  DecoratorTargetError,
  DependsOn,
  InvalidWorkflowDefinitionError,
  OrchestrationModule,
  ParallelLoop,
  Step,
  type ChildLoop,
  type ParallelLoopOptions,
  ValidateInput,
  Workflow,
  WorkflowRegistry,
} from '@baton/orchestration';

/** Boots a Nest context with these providers; workers are off, so only discovery and validation run. */
async function boot(providers: Provider[]) {
  @Module({
    imports: [OrchestrationModule.forRoot({ temporal: { address: '127.0.0.1:1' }, worker: { enabled: false } })],
    providers,
  })
  class BootModule {}
  return NestFactory.createApplicationContext(BootModule, { logger: false, abortOnError: false });
}

async function bootProblems(providers: Provider[]): Promise<readonly string[]> {
  const error = await boot(providers).then(
    (app) => (app.close(), assert.fail('the boot should have failed')),
    (error: unknown) => error,
  );
  assert.ok(error instanceof InvalidWorkflowDefinitionError, `expected InvalidWorkflowDefinitionError, got ${String(error)}`);
  return error.problems;
}

@Workflow()
@Injectable({ scope: Scope.REQUEST })
class RequestScoped {
  @Step() run() {}
}

@Injectable({ scope: Scope.REQUEST })
class PerRequestContext {}

@Workflow()
@Injectable()
class DependsOnRequestScope {
  constructor(readonly context: PerRequestContext) {}
  @Step() run() {}
}

@Workflow()
class Release {
  @Step() test() {}
  @Step() build() {}
  @DependsOn('lint') @Step() publish() {}
}

@Workflow()
class Cyclic {
  @DependsOn('b') @Step() a() {}
  @DependsOn('a') @Step() b() {}
  @DependsOn('b') @Step() c() {}
}

@Workflow({ name: 'Nightly' })
class NightlyA {
  @Step() run() {}
}
@Workflow({ name: 'Nightly' })
class NightlyB {
  @Step() run() {}
}

@Workflow()
class TwinSteps {
  @Step({ name: 'build' }) buildFast() {}
  @Step() build() {}
}

@Workflow()
class LoopOverUnknown {
  @Step() plan() {}
  @ParallelLoop({ over: 'plans', concurrency: 2 }) run() {}
}

@Workflow()
class ZeroConcurrency {
  @ParallelLoop({ concurrency: 0 }) run() {}
}
@Workflow()
class FractionalConcurrency {
  @ParallelLoop({ concurrency: 2.5 }) run() {}
}
@Workflow()
class HugeConcurrency {
  @ParallelLoop({ concurrency: 5000 }) run() {}
}

class NotAWorkflow {}
@Workflow()
class BadChild {
  @ParallelLoop({ concurrency: 2, child: NotAWorkflow }) readonly run!: ChildLoop;
}

@Workflow()
class UnregisteredChildTarget {
  @Step() run() {}
}
@Workflow()
class UnregisteredChild {
  @ParallelLoop({ concurrency: 2, child: UnregisteredChildTarget }) readonly run!: ChildLoop;
}

@Workflow()
class ChildTarget {
  @Step() run() {}
}
/** A child loop written as a method: the compiler refuses it (the overload is a property decorator), JavaScript does not. */
const childLoopOnAMethod = ParallelLoop as (options: ParallelLoopOptions) => MethodDecorator;
@Workflow()
class ChildLoopMethod {
  @childLoopOnAMethod({ concurrency: 2, child: ChildTarget }) run() {}
}
/** A loop without child on a property: the same, with the method overload. */
const loopOnAProperty = ParallelLoop as (options: ParallelLoopOptions) => PropertyDecorator;
@Workflow()
class LoopProperty {
  @loopOnAProperty({ concurrency: 2 }) readonly run!: ChildLoop;
}
@Workflow()
class ChildLoopAfterPlan {
  @Step() plan() {}
  @DependsOn('plan') @ParallelLoop({ concurrency: 3, child: ChildTarget }) readonly builds!: ChildLoop;
  @DependsOn('builds') @Step() report() {}
}

@Workflow()
class DependsOnHelper {
  @Step() start() {}
  @DependsOn('start') helper() {}
}

@Workflow()
class Empty {
  helper() {}
}

@Workflow()
class BlockWithoutDependencies {
  @ParallelLoop({ concurrency: 2, onItemError: 'block-dependents' }) run() {}
}

@Workflow()
class BothDecorators {
  @Step() @ParallelLoop({ concurrency: 2 }) run() {}
}

@Workflow()
class BadRetry {
  @Step({ retry: { attempts: 0 } }) run() {}
}

@Workflow()
class BadTimeouts {
  @Step({ startToCloseTimeout: 'soon' }) plan() {}
  @ParallelLoop({ concurrency: 2, over: 'plan', heartbeatTimeout: '500ms' }) run() {}
}

@Injectable()
@Workflow()
class Valid {
  @Step() plan() {
    return [1, 2, 3];
  }
  @DependsOn('plan') @ParallelLoop({ concurrency: 2 }) run() {}
}

@Workflow()
class TwoValidators {
  @ValidateInput() checkA() {}
  @ValidateInput() checkB() {}
  @Step() run() {}
}

@Workflow()
class ValidatorStep {
  @ValidateInput() @Step() run() {}
}

describe('boot-time validation of @Workflow() declarations', () => {
  const cases: Array<{ name: string; providers: Provider[]; problems: string[] }> = [
    {
      name: 'an unknown dependency',
      providers: [Release],
      problems: ['@DependsOn("lint") on "Release#publish" refers to unknown step "lint". Known steps: "test", "build".'],
    },
    {
      name: 'a dependency cycle, printed as a path',
      providers: [Cyclic],
      problems: ['@DependsOn on "Cyclic" forms a cycle: a → b → a. Remove one of these dependencies.'],
    },
    {
      name: 'two workflows with the same name',
      providers: [NightlyA, NightlyB],
      problems: [
        '@Workflow() name "Nightly" is used by both "NightlyA" and "NightlyB". Give each workflow a unique name with @Workflow({ ' +
          'name: "..." }).',
      ],
    },
    {
      name: 'two steps with the same name',
      providers: [TwinSteps],
      problems: ['@Step() on "TwinSteps#build" is named "build", which "TwinSteps#buildFast" already uses. Give each step a unique name.'],
    },
    {
      name: 'a loop over an unknown step',
      providers: [LoopOverUnknown],
      problems: [
        '@ParallelLoop({ over: "plans" }) on "LoopOverUnknown#run" refers to unknown step "plans". Known steps: "plan". ' +
          'Set over to one of them, or to { input: true } to loop over the workflow input.',
      ],
    },
    {
      name: 'a concurrency of 0',
      providers: [ZeroConcurrency],
      problems: [
        '@ParallelLoop() on "ZeroConcurrency#run" needs concurrency to be an integer from 1 to 1000, but got a number (0). Use ' +
          'concurrency: 1 for a sequential loop.',
      ],
    },
    {
      name: 'a fractional concurrency',
      providers: [FractionalConcurrency],
      problems: [
        '@ParallelLoop() on "FractionalConcurrency#run" needs concurrency to be an integer from 1 to 1000, but got a number (2.5). ' +
          'Use concurrency: 1 for a sequential loop.',
      ],
    },
    {
      name: 'a concurrency above what Temporal can hold in flight',
      providers: [HugeConcurrency],
      problems: [
        '@ParallelLoop() on "HugeConcurrency#run" needs concurrency to be an integer from 1 to 1000, but got a number (5000). Use ' +
          'concurrency: 1 for a sequential loop.',
      ],
    },
    {
      name: 'a child that is not a @Workflow() class',
      providers: [BadChild],
      problems: [
        '@ParallelLoop({ child: NotAWorkflow }) on "BadChild#run" needs a @Workflow() class, but "NotAWorkflow" has no @Workflow() ' +
          'decorator. ' +
          'Add @Workflow() to "NotAWorkflow" and register it as a provider.',
      ],
    },
    {
      name: 'a child workflow that is not registered as a provider',
      providers: [UnregisteredChild],
      problems: [
        '@ParallelLoop({ child: UnregisteredChildTarget }) on "UnregisteredChild#run" refers to the @Workflow() class ' +
          '"UnregisteredChildTarget", ' +
          'which is not registered as a provider in any module. Add it to the providers of a module.',
      ],
    },
    {
      name: 'a child loop declared on a method, whose body would never run',
      providers: [ChildLoopMethod, ChildTarget],
      problems: [
        '@ParallelLoop({ child: ChildTarget }) on the method "ChildLoopMethod#run" runs each item as a "ChildTarget" child workflow, ' +
          "so the method's body would never run. Declare the loop on a property instead: " +
          '@ParallelLoop({ ..., child: ChildTarget }) readonly run!: ChildLoop;',
      ],
    },
    {
      name: 'a loop on a property without child, which has no body to run',
      providers: [LoopProperty],
      problems: [
        '@ParallelLoop() on the property "LoopProperty#run" has no body to run for each item. Make it a method (the loop body), ' +
          'or run each item as a child workflow with @ParallelLoop({ child: SomeWorkflow }).',
      ],
    },
    {
      name: '@DependsOn on a method that is not a step',
      providers: [DependsOnHelper],
      problems: [
        '@DependsOn("start") on "DependsOnHelper#helper" needs "DependsOnHelper#helper" to be a step, but it has no @Step() or ' +
          '@ParallelLoop(). ' +
          'Add @Step() to the method or remove @DependsOn().',
      ],
    },
    {
      name: 'a workflow with no steps',
      providers: [Empty],
      problems: ['@Workflow() class "Empty" has no steps. Add @Step() or @ParallelLoop() to at least one method.'],
    },
    {
      name: 'block-dependents without item dependencies',
      providers: [BlockWithoutDependencies],
      problems: [
        '@ParallelLoop({ onItemError: "block-dependents" }) on "BlockWithoutDependencies#run" needs item dependencies to know what to ' +
          'block. ' +
          'Add key and dependsOn, or use onItemError: "continue".',
      ],
    },
    {
      name: 'both @Step() and @ParallelLoop() on one method',
      providers: [BothDecorators],
      problems: [
        '"BothDecorators#run" has both @Step() and @ParallelLoop(). Keep only @ParallelLoop(): it already makes the method a step.',
      ],
    },
    {
      name: 'retry attempts below 1',
      providers: [BadRetry],
      problems: ['@Step() on "BadRetry#run" needs retry.attempts to be an integer ≥ 1, but got a number (0). Use 1 for no retry.'],
    },
    {
      name: 'timeouts that are not durations, and a heartbeat timeout under 1s',
      providers: [BadTimeouts],
      problems: [
        '@Step() on "BadTimeouts#plan" needs startToCloseTimeout to be a positive duration (milliseconds, or a string such as "30s"), ' +
          'but got a string ("soon").',
        '@ParallelLoop() on "BadTimeouts#run" needs heartbeatTimeout to be a duration of at least 1s (milliseconds, or a string such ' +
          'as "30s"), but got a string ("500ms").',
      ],
    },
    {
      name: 'a request-scoped workflow class',
      providers: [RequestScoped],
      problems: [
        '@Workflow() class "RequestScoped" is request-scoped (Scope.REQUEST, or it depends on a request-scoped provider), so its ' +
          'steps would run ' +
          'without their dependencies: activities run outside any request. Register it and its dependencies with the default ' +
          'singleton scope ' +
          '(remove the scope option), and pass per-execution data through the workflow input.',
      ],
    },
    {
      name: 'a workflow class that depends on a request-scoped provider',
      providers: [DependsOnRequestScope, PerRequestContext],
      problems: [
        '@Workflow() class "DependsOnRequestScope" is request-scoped (Scope.REQUEST, or it depends on a request-scoped provider), so ' +
          'its steps would run ' +
          'without their dependencies: activities run outside any request. Register it and its dependencies with the default ' +
          'singleton scope ' +
          '(remove the scope option), and pass per-execution data through the workflow input.',
      ],
    },
    {
      name: 'two input validators',
      providers: [TwoValidators],
      problems: [
        '@ValidateInput() is on "TwoValidators#checkA" and "TwoValidators#checkB": a workflow has at most one input validator. Merge ' +
          'them into one method.',
      ],
    },
    {
      name: 'an input validator that is also a step',
      providers: [ValidatorStep],
      problems: [
        '@ValidateInput() on "ValidatorStep#run" is also a step: the validator runs before the workflow starts, not as a step. Use a ' +
          'separate method.',
      ],
    },
  ];

  for (const testCase of cases) {
    it(`stops the boot on ${testCase.name}`, async () => {
      assert.deepEqual(await bootProblems(testCase.providers), testCase.problems);
    });
  }

  it('lists every problem of every workflow in one error, those of @ValidateInput() and of scopes included', async () => {
    const problems = await bootProblems([Release, Cyclic, ZeroConcurrency, Empty, TwoValidators, ValidatorStep, RequestScoped]);
    assert.equal(problems.length, 7);
    for (const subject of [
      '@ValidateInput() is on "TwoValidators#checkA"',
      '@ValidateInput() on "ValidatorStep#run"',
      '@Workflow() class "RequestScoped" is request-scoped',
    ]) {
      assert.ok(
        problems.some((problem) => problem.startsWith(subject)),
        `the one error lists ${subject}`,
      );
    }
    const error = new InvalidWorkflowDefinitionError(problems);
    assert.match(error.message, /^Baton found 7 problems in the workflow declarations:\n {2}- /);
  });

  it('boots a valid workflow and exposes its IR', async () => {
    const app = await boot([Valid]);
    try {
      const [definition] = app.get(WorkflowRegistry).definitions();
      assert.equal(definition.name, 'Valid');
      assert.equal(definition.taskQueue, 'baton');
      assert.match(definition.hash, /^[0-9a-f]{16}$/);
      assert.deepEqual(
        definition.steps.map(({ name, kind, dependsOn, activityType }) => ({ name, kind, dependsOn, activityType })),
        [
          { name: 'plan', kind: 'step', dependsOn: [], activityType: 'Valid.plan' },
          { name: 'run', kind: 'loop', dependsOn: ['plan'], activityType: 'Valid.run' },
        ],
      );
      assert.deepEqual(definition.steps[1].loop, { over: { kind: 'step', step: 'plan' }, concurrency: 2, onItemError: 'fail-fast' });
    } finally {
      await app.close();
    }
  });

  it('reads a child loop declared on a property as a loop step, in declaration order, with its dependencies', async () => {
    const app = await boot([ChildLoopAfterPlan, ChildTarget]);
    try {
      const definition = app
        .get(WorkflowRegistry)
        .definitions()
        .find(({ name }) => name === 'ChildLoopAfterPlan')!;
      assert.deepEqual(
        definition.steps.map(({ name, kind, dependsOn }) => ({ name, kind, dependsOn })),
        [
          { name: 'plan', kind: 'step', dependsOn: [] },
          { name: 'builds', kind: 'loop', dependsOn: ['plan'] },
          { name: 'report', kind: 'step', dependsOn: ['builds'] },
        ],
      );
      assert.deepEqual(definition.steps[1].loop?.child, { workflowType: 'ChildTarget', taskQueue: 'baton' });
    } finally {
      await app.close();
    }
  });

  it('rejects a step decorator on something that is not a method', () => {
    class Target {}
    assert.throws(
      () => Step()(Target.prototype, 'field', undefined as unknown as PropertyDescriptor),
      (error: unknown) =>
        error instanceof DecoratorTargetError &&
        error.message ===
          '@Step() must decorate a method of a @Workflow() class, but it was applied to the property "Target#field". Move it onto a ' +
            'method.',
    );
    assert.throws(() => (ParallelLoop({ concurrency: 1 }) as unknown as ClassDecorator)(Target), DecoratorTargetError);
  });
});

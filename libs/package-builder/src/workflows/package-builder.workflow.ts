import { Injectable, Optional } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DependsOn, ParallelLoop, ProgressSinkService, Step, ValidateInput, Workflow, type LoopResult } from '@baton/orchestration';
import { PackageBuildService } from '../build/package-build.service';
import { buildReport } from '../report/build-report';
import type { BuildReport } from '../report/build-report.types';
import { BuildHistoryStore } from './build-history.store';
import { DEFAULT_CONCURRENCY, type BuildInput, type PackageBuildOutcome, type PackagePlan } from './build-input';
import { buildInputProblems } from './build-input.validation';
import { BuildPlanner } from './build-planner';
import { WorkspaceRoots } from './workspace-roots';

/**
 * Builds a JavaScript monorepo in dependency order: never more than `concurrency` packages at once, exactly that
 * many whenever that many are ready, longest remaining chain first; dependents of a failed package are blocked.
 */
@Workflow({ name: 'PackageBuilder' })
@Injectable()
export class PackageBuilderWorkflow {
  constructor(
    private readonly planner: BuildPlanner,
    private readonly history: BuildHistoryStore,
    private readonly roots: WorkspaceRoots,
    private readonly packages: PackageBuildService,
    /** Present when the worker records executions: the report is then kept with the execution (GraphQL `Execution.report`). */
    @Optional() private readonly records?: ProgressSinkService,
  ) {}

  /**
   * Checked where the run is started (API, CLI, BatonClient), for an early answer: the input's shape, and the
   * workspace inside the allowed roots. The plan step checks both again on the worker, for runs started elsewhere.
   */
  @ValidateInput()
  validateInput(input: BuildInput): string[] {
    const problems = buildInputProblems(input);
    const refusal = problems.length === 0 ? this.roots.refusal(input.workspace) : undefined;
    return refusal === undefined ? problems : [refusal];
  }

  @Step({ retry: { attempts: 3 } })
  plan(input: BuildInput): Promise<PackagePlan[]> {
    return this.planner.plan(input);
  }

  /**
   * Each package is one activity of this workflow, in dependency order: the workflow task that sees a package finish
   * schedules its dependents in the same completion, so that they can be dispatched eagerly to this worker. Scripts
   * enforce their own time limit (timeoutMs); the 24 h timeout is only a backstop, and a failed script is not retried.
   */
  @DependsOn('plan')
  @ParallelLoop({
    concurrency: DEFAULT_CONCURRENCY,
    concurrencyFrom: 'concurrency',
    key: 'name',
    dependsOn: 'dependencies',
    estimatedDuration: 'estimatedDurationMs',
    skipIf: 'skip',
    onItemError: 'block-dependents',
    bailFrom: 'bail',
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: '30s',
    retry: { attempts: 1 },
  })
  build(pkg: PackagePlan): Promise<PackageBuildOutcome> {
    return this.packages.build(pkg);
  }

  @DependsOn('plan', 'build')
  @Step()
  async report({ plan, build }: { plan: PackagePlan[]; build: LoopResult<PackageBuildOutcome> }): Promise<BuildReport> {
    const report = buildReport(plan, build);
    // A cache hit's time is its restore, not its build: recorded, it would make the next plan think the package cheap.
    const built = report.packages.filter((pkg) => pkg.status === 'succeeded' && pkg.cache !== 'hit');
    await this.history.record(report.workspace, Object.fromEntries(built.map((pkg) => [pkg.name, pkg.workMs ?? pkg.durationMs])));
    const execution = Context.current().info.workflowExecution;
    if (execution !== undefined) await this.records?.recordReport(execution.workflowId, report);
    return report;
  }
}

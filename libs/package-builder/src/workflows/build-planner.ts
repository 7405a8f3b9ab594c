import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { resolve } from 'node:path';
import { breakCycles, discoverWorkspace, selectPackages, type Workspace } from '../workspace';
import { withCacheDependencies } from '../cache/cache-dependencies';
import { BuildHistoryStore } from './build-history.store';
import { DEFAULT_SCRIPT_TIMEOUT_MS, type BuildInput, type PackagePlan } from './build-input';
import { buildInputProblems } from './build-input.validation';
import { WorkspaceRoots } from './workspace-roots';
import { isError } from '@baton/orchestration';
import { INVALID_BUILD_INPUT } from '../package-builder.protocol';

/**
 * Turns a build request into the list of packages to build, before anything is built: selected on the whole
 * dependency graph (`pkg...` follows every link), then with the links inside dependency cycles its package manager
 * does not wait for left out (`breakCycles`), so the build loop gets a DAG; the packages of a cycle carry it (`cycle`).
 */
@Injectable()
export class BuildPlanner {
  constructor(
    private readonly history: BuildHistoryStore,
    private readonly roots: WorkspaceRoots,
  ) {}

  async plan(input: BuildInput): Promise<PackagePlan[]> {
    assertValidInput(input, this.roots);
    // A workspace that cannot be read, or a filter naming no package, will not do better on a retry.
    const { workspace, selected } = await discoverWorkspace(resolve(input.workspace))
      .then((workspace) => ({ workspace, selected: breakCycles(selectPackages(workspace, input.filter ?? [])) }))
      .catch(nonRetryable);
    const durations = await this.history.durations(workspace.root);
    return planPackages(workspace, selected, input, durations, Context.current().info.workflowExecution?.workflowId);
  }
}

/**
 * The plan of the selected packages (`breakCycles(selectPackages(…))` of `workspace`), without reading anything: what
 * the plan step returns, and what `baton build --dry-run` and `--graph` show. `durations` are the recorded build
 * durations by package id (`estimatedDurationMs`); `workflowId` names the run the plans belong to, when there is one.
 */
export function planPackages(
  workspace: Workspace,
  selected: Workspace,
  input: BuildInput,
  durations: Readonly<Record<string, number>>,
  workflowId?: string,
): PackagePlan[] {
  const plans = selected.packages.map((pkg): PackagePlan => {
    const hasBuild = pkg.scripts.build !== undefined;
    const runTests = input.test === true && pkg.scripts.test !== undefined;
    return {
      name: pkg.name,
      ...(pkg.packageName === undefined ? {} : { packageName: pkg.packageName }),
      version: pkg.version,
      dir: pkg.dir,
      relativeDir: pkg.relativeDir,
      workspaceRoot: workspace.root,
      packageManager: workspace.packageManager,
      dependencies: pkg.dependencies,
      ...(pkg.cycle === undefined ? {} : { cycle: pkg.cycle }),
      hasBuild,
      runTests,
      timeoutMs: input.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS,
      ...(Object.hasOwn(durations, pkg.name) ? { estimatedDurationMs: durations[pkg.name] } : {}),
      ...(hasBuild || runTests ? {} : { skip: 'skipped: its package.json has no "build" script' }),
      ...(workflowId === undefined ? {} : { workflowId }),
      ...(input.force === true ? { force: true as const } : {}),
    };
  });
  return withCacheDependencies(workspace, plans);
}

/** The same checks as `@ValidateInput()`, on the worker: a run may have been started by any Temporal client. */
function assertValidInput(input: BuildInput, roots: WorkspaceRoots): void {
  const shape = buildInputProblems(input);
  const refusal = shape.length === 0 ? roots.refusal(input.workspace) : undefined;
  const problems = refusal === undefined ? shape : [refusal];
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(`Invalid PackageBuilder input: ${problems.join('; ')}.`, INVALID_BUILD_INPUT);
  }
}

/** A workspace that cannot be read will not read better on a retry. */
function nonRetryable(error: unknown): never {
  const cause = isError(error) ? error : new Error(String(error));
  throw ApplicationFailure.create({ message: cause.message, type: cause.name, nonRetryable: true, cause });
}
